// Full-text search at scale (issue 13): BENCH_SEARCH_SESSIONS sessions (default 10,000) of
// BENCH_SEARCH_KB KB (default 100, so 1 GB) in 100 working-directory folders, generated once into
// the cache (bench/lib/history-data.mjs). Measured side by side, page cache warm:
//   a warm `agenix sessions search <word>` <= 2.5x `node -e 0`, and faster than `rg -l <word>`;
//   the index update after one saved message < 5 ms (median, in process);
//   the first index build (info; the CLI shows a progress bar for it on a terminal).
import { rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { rgPath } from "@vscode/ripgrep";
import { cached, corpusWord, treeBytes, writeSearchCorpus } from "./lib/history-data.mjs";
import {
  envInt,
  median,
  medianOf,
  nodeFloorMs,
  report,
  reportFailure,
  reps,
  timeProcess,
} from "./lib/measure.mjs";
import { binPath, repoRoot } from "./lib/sessions-data.mjs";

const sessions = envInt("BENCH_SEARCH_SESSIONS", 10_000);
const kb = envInt("BENCH_SEARCH_KB", 100);
const n = reps(7);

try {
  const started = Date.now();
  const { dir: root, fresh } = await cached(`search-${sessions}x${kb}kb`, async (dir) => {
    writeSearchCorpus(dir, { sessions, kb, folders: Math.min(100, sessions) });
  });
  const bytes = await treeBytes(root);
  console.error(
    `search: ${fresh ? "generated" : "reusing"} ${sessions} sessions, ${(bytes / 1024 / 1024).toFixed(0)} MB in ${root} (${Date.now() - started} ms)`,
  );
  const env = {
    PATH: process.env.PATH,
    HOME: root,
    AGENIX_SESSION_DIR: root,
    LANG: "C.UTF-8",
    NO_COLOR: "1",
  };
  const options = { cwd: root, env };
  // A word of middling frequency: in some hundreds of sessions, as a real search term would be.
  const word = process.env.BENCH_SEARCH_WORD ?? corpusWord();
  const search = () =>
    timeProcess(process.execPath, [binPath, "sessions", "search", word, "--limit", "20"], options);

  if (fresh || process.env.BENCH_SEARCH_REBUILD === "1") {
    rmSync(path.join(root, ".search"), { recursive: true, force: true });
    const first = await search();
    report({
      name: "search.first_build",
      value: first.ms,
      unit: "ms",
      note: `index built from ${(bytes / 1024 / 1024).toFixed(0)} MB; info only`,
    });
  }
  const check = await search();
  const hits = check.stdout.split("\n").filter((l) => /^\d{8}_\d{6}/.test(l)).length;
  if (hits === 0) throw new Error(`no hits for ${word}: pick another BENCH_SEARCH_WORD`);

  const floor = await nodeFloorMs(n);
  const warm = await medianOf(n, async () => (await search()).ms);
  report({
    name: `search.warm_query_${sessions}`,
    value: warm,
    unit: "ms",
    baselineName: "node -e 0",
    baselineValue: floor,
    target: { op: "<=", value: 2.5 },
    note: `${hits} hits shown`,
  });
  const rg = await medianOf(
    n,
    async () => (await timeProcess(rgPath, ["-l", word, root]).catch((e) => ({ ms: Number.NaN, e }))).ms,
  );
  report({
    name: `search.vs_rg_${sessions}`,
    value: warm,
    unit: "ms",
    baselineName: `rg -l ${word}`,
    baselineValue: rg,
    target: { op: "<", value: 1 },
  });

  // The incremental update: one message appended by agenix's store, then the index brought up to date.
  const { SessionManager } = await import(
    pathToFileURL(path.join(repoRoot, "dist/sessions/manager.js")).href
  );
  const { refreshIndex, refreshSessionFile } = await import(
    pathToFileURL(path.join(repoRoot, "dist/history/search/refresh.js")).href
  );
  const manager = new SessionManager({ dir: root });
  const listed = await manager.listSessions({ workingDir: "/home/user/project1" });
  const session = await manager.loadSession(listed[0].id, { workingDir: "/home/user/project1" });
  refreshIndex(root);
  const times = [];
  const cpuTimes = [];
  for (let i = 0; i < Math.max(20, n * 3); i++) {
    session.messages.push({
      role: "user",
      content: `benchmark message ${i} about ${word}`,
      timestamp: `${new Date().toISOString().slice(0, 19)}Z`,
    });
    await manager.saveSession(session);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = refreshIndex(root);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuTimes.push((c.user + c.system) / 1000);
    if (result.appended !== 1)
      throw new Error(
        `expected one appended session, got ${JSON.stringify({ ...result, manifest: undefined })}`,
      );
  }
  report({
    name: "search.incremental_update",
    value: median(times),
    unit: "ms",
    target: { op: "<", value: 5, on: "value" },
    note: `median of ${times.length} (CPU time ${median(cpuTimes).toFixed(2)} ms); lstat of ${Math.min(100, sessions)} folders and one folder's files included`,
  });
  // The same update when the saver names the file (what a save hook in the store would call).
  const file = await manager.sessionPath(session.id, { workingDir: "/home/user/project1" });
  const known = [];
  const knownCpu = [];
  for (let i = 0; i < Math.max(20, n * 3); i++) {
    session.messages.push({
      role: "user",
      content: `named file ${i} about ${word}`,
      timestamp: `${new Date().toISOString().slice(0, 19)}Z`,
    });
    await manager.saveSession(session);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = refreshSessionFile(root, file);
    known.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    knownCpu.push((c.user + c.system) / 1000);
    if (result?.appended !== 1) throw new Error("refreshSessionFile did not append");
  }
  report({
    name: "search.incremental_update_named_file",
    value: median(known),
    unit: "ms",
    target: { op: "<", value: 5, on: "value" },
    note: `median of ${known.length} (CPU time ${median(knownCpu).toFixed(2)} ms); refreshSessionFile(root, file)`,
  });
} catch (error) {
  reportFailure("search", error);
}

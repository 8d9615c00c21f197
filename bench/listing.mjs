// Listing at scale: `agenix sessions list` over BENCH_LIST_SESSIONS sessions (default 10,000) of
// BENCH_LIST_KB KB (default 100, so 1 GB) in one folder. Targets (issue 5): within 2.5x of
// `node -e 0`, and at least 5x faster than a script that parses every file. Page cache warm for all.
import path from "node:path";
import { envInt, medianOf, nodeFloorMs, report, reportFailure, reps, timeProcess } from "./lib/measure.mjs";
import { binPath, fillSessionFolder, loadSessionManager, makeBenchHome } from "./lib/sessions-data.mjs";

const count = envInt("BENCH_LIST_SESSIONS", 10_000);
const kb = envInt("BENCH_LIST_KB", 100);
const n = reps(7);
const parseAllScript = path.join(import.meta.dirname, "baselines/parse-all-list.mjs");

function countListed(stdout) {
  return stdout.split("\n").filter((line) => line.startsWith("• ")).length;
}

const home = await makeBenchHome("listing");
try {
  const SessionManager = await loadSessionManager();
  const started = Date.now();
  const { folder, templateBytes } = await fillSessionFolder({
    SessionManager,
    sessionDir: home.sessionDir,
    workDir: home.workDir,
    count,
    kb,
  });
  const totalMb = (templateBytes * count) / 1024 / 1024;
  console.error(
    `listing: wrote ${count} sessions of ${(templateBytes / 1024).toFixed(0)} KB (${totalMb.toFixed(0)} MB) in ${Date.now() - started} ms`,
  );

  const options = { cwd: home.workDir, env: home.env };
  const list = () => timeProcess(process.execPath, [binPath, "sessions", "list"], options);
  // The first run may build the per-folder index: report it once, apart from the warm median.
  const first = await list();
  const listed = countListed(first.stdout);
  if (listed === 0) throw new Error("agenix sessions list printed no sessions");
  const shown = listed === count ? "" : `; printed ${listed} of ${count} sessions`;
  report({
    name: "listing.first_run",
    value: first.ms,
    unit: "ms",
    note: `may build the index, page cache warm; info only${shown}`,
  });

  const floor = await nodeFloorMs(n);
  const listMs = await medianOf(n, async () => (await list()).ms);
  report({
    name: `listing.sessions_list_${count}`,
    value: listMs,
    unit: "ms",
    baselineName: "node -e 0",
    baselineValue: floor,
    target: { op: "<=", value: 2.5 },
  });

  const parseAll = () => timeProcess(process.execPath, [parseAllScript, folder]);
  const check = await parseAll();
  if (countListed(check.stdout) !== count)
    throw new Error("the parse-every-file baseline listed the wrong count");
  // Parsing 1 GB takes seconds per run: the check run above warmed the cache, and 3 runs suffice.
  const parseMs = await medianOf(Math.min(n, 3), async () => (await parseAll()).ms, { warmup: false });
  report({
    name: `listing.vs_parse_all_${count}`,
    value: listMs,
    unit: "ms",
    baselineName: "parse-every-file",
    baselineValue: parseMs,
    target: { op: "<=", value: 0.2 },
    note: `${(parseMs / listMs).toFixed(1)}x faster; target >= 5x`,
  });
} catch (error) {
  reportFailure("listing", error);
} finally {
  await home.cleanup();
}

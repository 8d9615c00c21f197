// Checkpoint snapshots (issue 22) on a 10,000-file, 200 MB tree: the snapshot after a one-file
// change (target: median under 150 ms) and the first snapshot (reported), each next to `git status`
// on the same tree in the same run (a plain repository of the same files, index up to date) as the
// baseline. Needs tsx (imports the keeper from src/). BENCH_CHECKPOINT_FILES / _MB resize the tree.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { gitSpawns } from "../src/checkpoints/git.ts";
import { ShadowCheckpoints } from "../src/checkpoints/keeper.ts";
import { prng } from "../test/support/prng.ts";
import { envInt, median, report, reportFailure, reps } from "./lib/measure.mjs";

const files = envInt("BENCH_CHECKPOINT_FILES", 10_000);
const megabytes = envInt("BENCH_CHECKPOINT_MB", 200);
const runs = reps(9);

function gitStatusMs(dir) {
  const started = performance.now();
  execFileSync("git", ["status", "--porcelain", "-uall"], { cwd: dir, stdio: "ignore" });
  return performance.now() - started;
}

try {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), "agenix-bench-cp-")));
  const project = path.join(root, "project");
  const home = path.join(root, "home");
  mkdirSync(home);
  const rand = prng(22);
  const perFile = Math.floor((megabytes * 1024 * 1024) / files);
  const chunk = Buffer.alloc(perFile);
  for (let i = 0; i < files; i++) {
    const dir = path.join(project, `pkg${i % 50}`, `mod${i % 7}`);
    if (i < 350) mkdirSync(dir, { recursive: true });
    for (let b = 0; b < 64; b++) chunk[Math.floor(rand() * perFile)] = 97 + Math.floor(rand() * 26);
    writeFileSync(path.join(dir, `file${i}.ts`), chunk);
  }
  // The baseline: the project as a plain git repository with everything committed.
  const git = (...args) =>
    execFileSync("git", ["-c", "gc.auto=0", ...args], { cwd: project, stdio: "ignore" });
  git("init", "-q");
  git("add", "-A");
  git("-c", "user.email=b@b", "-c", "user.name=b", "commit", "-qm", "tree");
  gitStatusMs(project);

  const keeper = new ShadowCheckpoints({
    workingDir: project,
    home,
    env: {},
    limits: { maxFileBytes: 10 * 1024 * 1024, maxFiles: 100_000 },
  });
  const data = {
    id: "bench",
    working_dir: project,
    model: "m",
    created_at: "",
    updated_at: "",
    metadata: {},
    messages: [],
    checkpoints: [],
  };
  const notices = [];
  const snapshot = async (trigger) => {
    const record = await keeper.snapshot(data, trigger, "bash", (t) => notices.push(t));
    if (record) data.checkpoints.push(record);
    return record;
  };

  let started = performance.now();
  await snapshot("turn");
  const firstMs = performance.now() - started;
  const firstStatus = gitStatusMs(project);

  const times = [];
  const statusTimes = [];
  const unchanged = [];
  let spawned = "";
  for (let i = 0; i < runs; i++) {
    writeFileSync(path.join(project, "pkg1", "mod1", "file1.ts"), `changed ${i}\n`);
    gitSpawns.clear();
    started = performance.now();
    const record = await snapshot("tool");
    times.push(performance.now() - started);
    spawned = [...gitSpawns].map(([command, n]) => (n > 1 ? `${command} x${n}` : command)).join(", ");
    if (record?.files_changed !== 1)
      throw new Error(`expected one changed file, got ${JSON.stringify(record)}`);
    statusTimes.push(gitStatusMs(project));
    started = performance.now();
    await snapshot("tool");
    unchanged.push(performance.now() - started);
  }
  report({
    name: `checkpoints.snapshot_one_change_${files}_files_${megabytes}mb`,
    value: median(times),
    unit: "ms",
    baselineName: "git status",
    baselineValue: median(statusTimes),
    target: { op: "<", value: 150, on: "value" },
    note: `${runs} runs; git processes per snapshot: ${spawned}; a snapshot that found nothing changed: ${median(unchanged).toFixed(1)} ms`,
  });
  report({
    name: `checkpoints.first_snapshot_${files}_files_${megabytes}mb`,
    value: firstMs,
    unit: "ms",
    baselineName: "git status",
    baselineValue: firstStatus,
    note: "hashes and stores every file once; reported, no target",
  });
  rmSync(root, { recursive: true, force: true, maxRetries: 5 });
} catch (error) {
  reportFailure("checkpoints.snapshot", error);
}

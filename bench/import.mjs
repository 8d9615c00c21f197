// Import throughput (issue 13): `agenix sessions import <dir>` over BENCH_IMPORT_MB MB (default
// 500) of generated Claude Code transcripts (files of BENCH_IMPORT_FILE_MB MB, default 5), cached
// between runs. Target: >= 50 MB/s (the whole process, wall clock). Also reported: the same import
// run in this process, as wall-clock and as CPU-time throughput (on a shared, loaded machine the
// wall clock mostly measures the other processes).
import { rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { cached, treeBytes, writeClaudeTranscripts } from "./lib/history-data.mjs";
import { envInt, report, reportFailure, reps, timeProcess } from "./lib/measure.mjs";
import { binPath, makeBenchHome, repoRoot } from "./lib/sessions-data.mjs";

const totalMb = envInt("BENCH_IMPORT_MB", 500);
const fileMb = envInt("BENCH_IMPORT_FILE_MB", 5);
const n = reps(3);

try {
  const started = Date.now();
  const { dir, fresh } = await cached(`claude-${totalMb}mb-${fileMb}`, async (d) =>
    writeClaudeTranscripts(d, { totalMb, fileMb }),
  );
  const mb = (await treeBytes(dir)) / 1024 / 1024;
  console.error(
    `import: ${fresh ? "generated" : "reusing"} ${mb.toFixed(0)} MB of Claude Code transcripts in ${dir} (${Date.now() - started} ms)`,
  );
  const rates = [];
  for (let i = 0; i < n; i++) {
    const home = await makeBenchHome("import");
    try {
      const run = await timeProcess(process.execPath, [binPath, "sessions", "import", dir], {
        cwd: home.workDir,
        env: home.env,
      });
      if (!/Imported \d+, skipped 0, failed 0/.test(run.stdout))
        throw new Error(`unexpected summary: ${run.stdout.split("\n").at(-2)}`);
      rates.push(mb / (run.ms / 1000));
    } finally {
      rmSync(home.home, { recursive: true, force: true });
    }
  }
  rates.sort((a, b) => a - b);
  report({
    name: `import.claude_code_${Math.round(mb)}mb`,
    value: rates[Math.floor(rates.length / 2)],
    unit: "MB/s",
    target: { op: ">=", value: 50, on: "value" },
    note: `median of ${n} runs of the CLI, wall clock`,
  });

  const { importTranscripts } = await import(
    pathToFileURL(path.join(repoRoot, "dist/history/import/run.js")).href
  );
  const { SessionManager } = await import(
    pathToFileURL(path.join(repoRoot, "dist/sessions/manager.js")).href
  );
  const home = await makeBenchHome("import-cpu");
  try {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const outcome = await importTranscripts(new SessionManager({ dir: home.sessionDir }), dir, {
      from: "auto",
      fallbackDir: home.workDir,
    });
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (outcome.failed.length) throw new Error(`failed: ${outcome.failed[0].reason}`);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    report({
      name: "import.in_process_cpu",
      value: mb / cpuSeconds,
      unit: "MB/s",
      target: { op: ">=", value: 50, on: "value" },
      note: `${mb.toFixed(0)} MB in ${cpuSeconds.toFixed(1)} s of CPU time (${wall.toFixed(1)} s wall, ${(mb / wall).toFixed(1)} MB/s)`,
    });
  } finally {
    rmSync(home.home, { recursive: true, force: true });
  }
} catch (error) {
  reportFailure("import", error);
}

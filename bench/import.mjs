// Import throughput (issue 13): `agenix sessions import <dir>` over BENCH_IMPORT_MB MB (default
// 500) of generated Claude Code transcripts (files of BENCH_IMPORT_FILE_MB MB, default 5), cached
// between runs. Target: >= 50 MB/s. Each run imports into a fresh sessions root.
import { rmSync } from "node:fs";
import { cached, treeBytes, writeClaudeTranscripts } from "./lib/history-data.mjs";
import { envInt, report, reportFailure, reps, timeProcess } from "./lib/measure.mjs";
import { binPath, makeBenchHome } from "./lib/sessions-data.mjs";

const totalMb = envInt("BENCH_IMPORT_MB", 500);
const fileMb = envInt("BENCH_IMPORT_FILE_MB", 5);
const n = reps(3);

try {
  const started = Date.now();
  const { dir, fresh } = await cached(`claude-${totalMb}mb-${fileMb}`, async (d) =>
    writeClaudeTranscripts(d, { totalMb, fileMb }),
  );
  const bytes = await treeBytes(dir);
  const mb = bytes / 1024 / 1024;
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
  const rate = rates[Math.floor(rates.length / 2)];
  report({
    name: `import.claude_code_${Math.round(mb)}mb`,
    value: rate,
    unit: "MB/s",
    target: { op: ">=", value: 50, on: "value" },
    note: `median of ${n} runs, whole process`,
  });
} catch (error) {
  reportFailure("import", error);
}

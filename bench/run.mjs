// `npm run bench [-- name...]`: runs each benchmark in its own process, one after another (the
// machine has few cores; parallel runs would measure each other). A failing benchmark prints its
// failure and the run goes on; the exit code is always 0 because results, not thresholds, are the
// output (targets are marked ✓/✗ on each line).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const here = import.meta.dirname;

/** name -> script; `tsx` when it imports TypeScript test support (the scripted LLM server, the PRNG). */
const benchmarks = [
  { name: "startup", script: "startup.mjs" },
  { name: "listing", script: "listing.mjs" },
  { name: "saving", script: "saving.mjs" },
  { name: "resume", script: "resume.mjs", tsx: true },
  { name: "loop", script: "loop.mjs", tsx: true },
  { name: "search", script: "search.mjs", tsx: true },
  { name: "import", script: "import.mjs", tsx: true },
  { name: "permissions", script: "permissions.mjs", tsx: true },
  { name: "sandbox", script: "sandbox.mjs", tsx: true },
  { name: "checkpoints", script: "checkpoints.mjs", tsx: true },
  { name: "postgres", script: "postgres.mjs", tsx: true },
  { name: "caching", script: "caching.mjs", tsx: true },
  { name: "web-fetch", script: "web-fetch.mjs", tsx: true },
  { name: "interactive", script: "startup-interactive.mjs", optional: true },
  { name: "interactive-stream", script: "interactive-stream.mjs", tsx: true, optional: true },
];

function runOne({ name, script, tsx }) {
  const args = [...(tsx ? ["--import", "tsx"] : []), path.join(here, script)];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "inherit", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    child.on("error", (error) => resolve({ ok: false, why: error.message }));
    child.on("exit", (code, signal) => {
      const lastLine = stderr.trim().split("\n").at(-1) ?? "";
      resolve({ ok: code === 0, why: `exit ${code ?? signal}${lastLine ? `: ${lastLine}` : ""}` });
    });
  }).then((result) => {
    if (!result.ok) console.log(`${name}: FAILED (${result.why})`);
  });
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !benchmarks.some((b) => b.name === w));
if (unknown.length) {
  console.log(`Unknown benchmark: ${unknown.join(", ")}. Known: ${benchmarks.map((b) => b.name).join(", ")}`);
}
const selected = benchmarks.filter((b) => wanted.length === 0 || wanted.includes(b.name));
for (const bench of selected) {
  if (!existsSync(path.join(here, bench.script))) {
    if (!bench.optional || wanted.includes(bench.name))
      console.log(`${bench.name}: SKIPPED (${bench.script} not found)`);
    continue;
  }
  console.log(`## ${bench.name}`);
  await runOne(bench);
}

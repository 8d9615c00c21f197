// Shared measuring and reporting helpers: medians of repeated runs, process timing, and the one-line
// result format every benchmark prints.
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";

/** Repetitions per measurement: BENCH_REPS, else the benchmark's own default. */
export function reps(fallback) {
  const n = Number.parseInt(process.env.BENCH_REPS ?? "", 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** A positive integer from the environment, else the fallback. */
export function envInt(name, fallback) {
  const n = Number.parseInt(process.env[name] ?? "", 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs `measureOnce` once untimed (warms the page cache and any index), then `n` times; returns the
 * median of what it returns (milliseconds, bytes, ...).
 */
export async function medianOf(n, measureOnce, { warmup = true } = {}) {
  if (warmup) await measureOnce();
  const values = [];
  for (let i = 0; i < n; i++) values.push(await measureOnce());
  return median(values);
}

/**
 * Runs a command to completion; resolves to `{ ms, stdout }`, ms being wall time from spawn() to exit.
 * Fails when it exits non-zero, so a broken command is never reported as fast.
 */
export function timeProcess(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      const elapsed = performance.now() - started;
      if (code === 0) resolve({ ms: elapsed, stdout });
      else
        reject(new Error(`${[command, ...args].join(" ")} exited ${code ?? signal}: ${stderr.slice(-500)}`));
    });
  });
}

/** Median wall time of `node -e 0`: the floor for any Node CLI on this machine. */
export async function nodeFloorMs(n) {
  return medianOf(n, async () => (await timeProcess(process.execPath, ["-e", "0"])).ms);
}

/**
 * Median wall times of a command and of `node -e 0`, run alternately (one of each per round, after
 * one untimed run of the command), so that a machine whose speed drifts during the run affects
 * both alike.
 */
export async function againstNodeFloor(n, command, args, options = {}) {
  await timeProcess(command, args, options);
  const floor = [];
  const subject = [];
  for (let i = 0; i < n; i++) {
    floor.push((await timeProcess(process.execPath, ["-e", "0"])).ms);
    subject.push((await timeProcess(command, args, options)).ms);
  }
  return { floorMs: median(floor), ms: median(subject) };
}

function formatNumber(value) {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/**
 * Prints one result line, e.g.
 * `startup.version: 62 ms (ratio 1.21 vs node -e 0 at 51 ms) target <= 1.5 ✓`.
 * `target` is `{ op: "<=" | "<" | ">=", value }` applied to the ratio (or to the value when
 * `on: "value"`); without a target the line is informational.
 */
export function report({ name, value, unit, baselineName, baselineValue, target, note }) {
  const parts = [`${name}: ${formatNumber(value)} ${unit}`];
  let ratio;
  if (baselineValue !== undefined) {
    ratio = value / baselineValue;
    parts.push(`(ratio ${ratio.toFixed(2)} vs ${baselineName} at ${formatNumber(baselineValue)} ${unit})`);
  }
  let met;
  if (target) {
    const subject = target.on === "value" ? value : ratio;
    met =
      target.op === "<="
        ? subject <= target.value
        : target.op === "<"
          ? subject < target.value
          : subject >= target.value;
    const what = target.on === "value" ? `${target.value} ${unit}` : `${target.value}`;
    parts.push(`target ${target.op} ${what} ${met ? "✓" : "✗"}`);
  }
  if (note) parts.push(`[${note}]`);
  console.log(parts.join(" "));
  return { ratio, met };
}

/** Prints a failed measurement as one line and keeps the benchmark going. */
export function reportFailure(name, error) {
  console.log(`${name}: FAILED (${String(error?.message ?? error).split("\n")[0]})`);
}

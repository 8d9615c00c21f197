// Resume: `agenix --session <id> "next"` from spawn until the scripted LLM server receives the first
// model request, on a 10 MB session with a compaction near its end vs a 10 KB session (target <= 1.5x),
// on an uncompacted 10 MB session (compaction off) vs the 10 KB one (1.5x) and vs `node -e 0` (4x); and the peak RSS (VmHWM) of a process loading a 100 MB session with SessionManager
// (target < 4x the file size). BENCH_RESUME_MB / BENCH_MEMORY_MB change the sizes. Needs tsx.
import { spawn } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startLlmServer } from "../test/support/llm-server.ts";
import { envInt, median, medianOf, nodeFloorMs, report, reportFailure, reps } from "./lib/measure.mjs";
import { binPath, createSizedSession, loadSessionManager, makeBenchHome } from "./lib/sessions-data.mjs";

const n = reps(9);
const resumeMb = envInt("BENCH_RESUME_MB", 10);
const memoryMb = envInt("BENCH_MEMORY_MB", 100);

/**
 * Calls `onRequest` with the time the request reached the server (its headers arrived: agenix had
 * loaded the session and built the request; the server's own time to read and parse a 10 MB body is
 * not agenix's). Hooking the server's `requests.push` gives it without polling.
 */
function onEveryRequest(server, onRequest) {
  const push = server.requests.push.bind(server.requests);
  server.requests.push = (...items) => {
    for (const item of items) onRequest(item.receivedAt);
    return push(...items);
  };
}

/** Spawns one resume; resolves to ms from spawn to the server's first request, after the process exits. */
function timeToFirstRequest(home, server, waiter, id, env = {}) {
  server.push({ text: "ok", usage: { prompt_tokens: 10, completion_tokens: 1 } });
  return new Promise((resolve, reject) => {
    let arrival;
    waiter.next = (at) => {
      arrival ??= at;
    };
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [binPath, "--session", id, "--base-url", server.openaiBaseUrl, "next"],
      { cwd: home.workDir, env: { ...home.env, ...env }, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`agenix --session ${id} exited ${code}: ${stderr.slice(-400)}`));
      else if (arrival === undefined) reject(new Error(`agenix --session ${id} sent no model request`));
      else resolve(arrival - started);
    });
  });
}

/** Median VmHWM in bytes of a child that loads `id` (or, with baseline, only imports SessionManager). */
async function peakRss(dir, id, baseline) {
  const child = path.join(import.meta.dirname, "lib/peak-rss-child.mjs");
  const runs = [];
  for (let i = 0; i < Math.min(n, 3); i++) {
    const out = await new Promise((resolve, reject) => {
      const proc = spawn(process.execPath, [child, dir, id, ...(baseline ? ["--baseline"] : [])], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      let stdout = "";
      proc.stdout.setEncoding("utf8").on("data", (c) => {
        stdout += c;
      });
      proc.on("exit", (code) =>
        code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`exit ${code}`)),
      );
    });
    runs.push(out.peakRss);
  }
  return median(runs);
}

const home = await makeBenchHome("resume");
const server = await startLlmServer();
const waiter = { next: () => {} };
onEveryRequest(server, (at) => waiter.next(at));
try {
  const manager = new (await loadSessionManager())({ dir: home.sessionDir });
  const small = await createSizedSession(manager, {
    workingDir: home.workDir,
    targetBytes: 10 * 1024,
    toolBytes: 1024,
  });
  const big = await createSizedSession(manager, {
    workingDir: home.workDir,
    targetBytes: resumeMb * 1024 * 1024,
  });
  // The same size with a compaction near its end (the last exchange kept): what a real 10 MB session is.
  const compacted = await createSizedSession(manager, {
    workingDir: home.workDir,
    targetBytes: resumeMb * 1024 * 1024,
    compactKeeping: 4,
  });
  small.data = undefined;
  big.data = undefined;
  compacted.data = undefined;
  const floor = await nodeFloorMs(n);
  const smallMs = await medianOf(n, () => timeToFirstRequest(home, server, waiter, small.id));
  // Uncompacted, the 10 MB session is far past gpt-4o's window: measured with compaction off, so
  // every run sends (and measures) the whole history as before.
  const off = { AGENIX_AUTO_COMPACT: "off" };
  const bigMs = await medianOf(n, () => timeToFirstRequest(home, server, waiter, big.id, off));
  const compactedMs = await medianOf(n, () => timeToFirstRequest(home, server, waiter, compacted.id));
  const bigName = `${Math.round(big.bytes / 1024 / 1024)}mb`;
  report({
    name: `resume.first_request_${bigName}_compacted`,
    value: compactedMs,
    unit: "ms",
    baselineName: `${Math.round(small.bytes / 1024)} KB session`,
    baselineValue: smallMs,
    target: { op: "<=", value: 1.5 },
    note: "a compaction near the end: the last exchange and the summary are sent",
  });
  report({
    name: `resume.first_request_${bigName}`,
    value: bigMs,
    unit: "ms",
    baselineName: `${Math.round(small.bytes / 1024)} KB session`,
    baselineValue: smallMs,
    target: { op: "<=", value: 1.5 },
  });
  report({
    name: `resume.first_request_${bigName}`,
    value: bigMs,
    unit: "ms",
    baselineName: "node -e 0",
    baselineValue: floor,
    target: { op: "<=", value: 4 },
  });
  report({
    name: "resume.first_request_10kb",
    value: smallMs,
    unit: "ms",
    baselineName: "node -e 0",
    baselineValue: floor,
    note: "info only",
  });
} catch (error) {
  reportFailure("resume.first_request", error);
} finally {
  await server.close();
}

try {
  // A separate manager and session for the memory run, so the resume runs above do not grow it.
  const manager = new (await loadSessionManager())({ dir: home.sessionDir });
  const huge = await createSizedSession(manager, {
    workingDir: home.workDir,
    targetBytes: memoryMb * 1024 * 1024,
    toolBytes: 65536,
  });
  huge.data = undefined;
  const loadedPeak = await peakRss(home.sessionDir, huge.id, false);
  const importPeak = await peakRss(home.sessionDir, huge.id, true);
  const mb = (bytes) => bytes / 1024 / 1024;
  report({
    name: `resume.peak_rss_load_${Math.round(mb(huge.bytes))}mb`,
    value: mb(loadedPeak),
    unit: "MB",
    baselineName: "file size",
    baselineValue: mb(huge.bytes),
    target: { op: "<", value: 4 },
    note: `${mb(importPeak).toFixed(0)} MB of it is Node plus the import, without loading`,
  });
} catch (error) {
  reportFailure("resume.peak_rss", error);
} finally {
  await home.cleanup();
}

// The sandbox's cost per command (issue 21): the bash tool running `true` in the session's sandbox
// (the supervisor already up) vs the same tool unsandboxed, alternately, median of N each. Target:
// the median overhead under 15 ms. Also reported (info): the one-time start of the session's
// sandbox (bubblewrap + supervisor, at the first sandboxed command) and the cost of a fresh
// `bwrap ... true` per command (the design not taken). Needs tsx and a build (the supervisor).
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { resolveSandboxConfig } from "../src/sandbox/config.ts";
import { findOnPath } from "../src/sandbox/locate.ts";
import { runBwrap } from "../src/sandbox/probe.ts";
import { SessionSandbox, sandboxArgs } from "../src/sandbox/session-sandbox.ts";
import { bashTool } from "../src/tools/bash.ts";
import { envInt, median, report, reportFailure } from "./lib/measure.mjs";

const n = envInt("BENCH_SANDBOX_CALLS", 200);

try {
  const bwrap = findOnPath("bwrap", process.env);
  if (!bwrap) throw new Error("bwrap is not on PATH (apt-get install bubblewrap)");
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), "agenix-bench-sandbox-")));
  const workingDir = path.join(root, "project");
  mkdirSync(workingDir, { recursive: true });
  const { policy } = resolveSandboxConfig({ env: process.env, workingDir, home: root });
  const sandbox = new SessionSandbox(policy, bwrap);
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: root };
  const run = async (withSandbox) => {
    const started = performance.now();
    const result = await bashTool.run(
      { command: "true" },
      { workingDir, signal: new AbortController().signal, env, sandbox: withSandbox ? sandbox : undefined },
    );
    if (result.isError) throw new Error(`bash failed: ${result.content}`);
    return performance.now() - started;
  };
  const startMs = await run(true);
  await run(false);
  const plain = [];
  const boxed = [];
  for (let i = 0; i < n; i++) {
    plain.push(await run(false));
    boxed.push(await run(true));
  }
  const plainMs = median(plain);
  const boxedMs = median(boxed);
  report({
    name: "sandbox.bash_true",
    value: boxedMs,
    unit: "ms",
    baselineName: "unsandboxed",
    baselineValue: plainMs,
    note: `median of ${n} each, alternating`,
  });
  report({
    name: "sandbox.overhead_per_command",
    value: boxedMs - plainMs,
    unit: "ms",
    target: { op: "<", value: 15, on: "value" },
  });
  report({
    name: "sandbox.first_command",
    value: startMs,
    unit: "ms",
    note: "starts bubblewrap and the supervisor; info only",
  });
  const args = sandboxArgs(policy);
  const fresh = [];
  for (let i = 0; i < Math.min(n, 50); i++) {
    const started = performance.now();
    await runBwrap(bwrap, args);
    fresh.push(performance.now() - started);
  }
  report({
    name: "sandbox.fresh_bwrap_true",
    value: median(fresh),
    unit: "ms",
    note: "a new bubblewrap per command (not used); info only",
  });
  await sandbox.close();
  rmSync(root, { recursive: true, force: true });
} catch (error) {
  reportFailure("sandbox", error);
  process.exitCode = 1;
}

// `agenix sandbox doctor` (what works, what is missing, the fix; exit 0 only when the sandbox works)
// and `agenix sandbox -- <command>` (the command in exactly the sandbox a tool call gets: the same
// mounts, network, proxy and filtered environment; exit code of the command).

import { spawn } from "node:child_process";
import { SandboxConfigError, UsageError } from "../../errors.js";
import { filterToolEnv } from "../../permissions/env.js";
import { sandboxInput } from "../../run/sandbox-input.js";
import { resolveSandboxConfig, type SandboxConfig } from "../../sandbox/config.js";
import { runDoctor } from "../../sandbox/doctor.js";
import { wrapInSandbox } from "../../sandbox/exec-wrapper.js";
import { probeSandbox } from "../../sandbox/probe.js";
import { sandboxArgs } from "../../sandbox/session-sandbox.js";
import { resolveDir } from "../../sessions/paths.js";
import { type LoadedSettings, loadSettings } from "../../settings/load.js";
import { writeErr, writeOut } from "../output.js";

interface Options {
  workingDir?: string;
  trust?: boolean;
  sandbox?: string;
}

async function load(options: Options): Promise<{ loaded: LoadedSettings; config: SandboxConfig }> {
  const cwd = resolveDir(options.workingDir, process.cwd(), process.env);
  const loaded = await loadSettings({ cwd, env: process.env, trust: options.trust === true });
  for (const warning of loaded.warnings) writeErr(`Warning: ${warning}\n`);
  const config = resolveSandboxConfig(
    sandboxInput({ loaded, env: process.env, workingDir: cwd, flag: options.sandbox }),
  );
  return { loaded, config };
}

export async function sandboxDoctorCommand(options: Options): Promise<number> {
  const { config } = await load(options);
  const report = await runDoctor(config, process.env);
  const lines = ["agenix sandbox doctor"];
  for (const check of report.checks) {
    lines.push(`  ${check.ok ? "ok     " : "MISSING"} ${check.name}: ${check.detail}`);
    for (const fix of check.fixes ?? []) lines.push(`          fix: ${fix}`);
  }
  lines.push(
    report.ok
      ? config.policy
        ? `The sandbox works: commands run in ${config.mode}, and the default permission mode is auto.`
        : `The sandbox works, but it is off (${config.modeSource}).`
      : "The sandbox does not work here: commands ask before they run (permission mode default). Fix the above and run this again.",
  );
  writeOut(`${lines.join("\n")}\n`);
  return report.ok ? 0 : 1;
}

export async function sandboxRunCommand(words: string[], options: Options): Promise<number> {
  if (words.length === 0)
    throw new UsageError("Give a command to run in the sandbox: agenix sandbox -- <command> [args...]");
  const { loaded, config } = await load(options);
  if (!config.policy)
    throw new SandboxConfigError(
      `the sandbox is off (${config.modeSource}): there is nothing to run the command in`,
    );
  const probe = await probeSandbox(process.env, sandboxArgs(config.policy, true));
  if (!probe.ok || !probe.bwrap)
    throw new SandboxConfigError(
      `the sandbox cannot start: ${probe.reason}${probe.fixes[0] ? ` (fix: ${probe.fixes[0]})` : ""}. Run \`agenix sandbox doctor\`.`,
    );
  const [command, ...args] = words as [string, ...string[]];
  const wrapped = await wrapInSandbox(config.policy, probe.bwrap, command, args);
  const env = filterToolEnv(process.env, { passThrough: loaded.values.shell?.env?.passThrough });
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(wrapped.command, wrapped.args, { stdio: "inherit", env });
      const forward = (signal: NodeJS.Signals) => child.kill(signal);
      for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, forward);
      child.on("error", reject);
      child.on("exit", (code, signal) => resolve(code ?? (signal === "SIGINT" ? 130 : 1)));
    });
  } finally {
    await wrapped.close();
  }
}

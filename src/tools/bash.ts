// bash: run a shell command in the working directory. Output (stdout and stderr merged in the order
// written) streams into a bounded buffer; timeout and abort kill the command's whole process group.
import { stat } from "node:fs/promises";
import { z } from "zod";
import { formatSeconds } from "../format-seconds.js";
import { filterToolEnv } from "../permissions/env.js";
import { stringArgument } from "../permissions/tool-permission.js";
import { BoundedOutput } from "./bounded-output.js";
import { defineTool, ToolError } from "./define.js";
import { hardenGitEnv } from "./git-hardening.js";
import { sandboxHint } from "./sandbox-hint.js";
import {
  type CommandSandbox,
  launchLocalShell,
  type ShellHandle,
  type ShellOptions,
} from "./shell-handle.js";
import type { ToolContext, ToolOutput } from "./types.js";

const DEFAULT_TIMEOUT_MS = 120_000;
const MAX_TIMEOUT_MS = 600_000;
// After bash exits, a background job may still hold the output pipe open; do not wait on it forever.
const PIPE_DRAIN_MS = 250;

const schema = z.object({
  command: z.string().min(1).describe("The bash command to run"),
  timeout: z
    .number()
    .int()
    .min(1)
    .max(MAX_TIMEOUT_MS)
    .optional()
    .describe(`Timeout in milliseconds (default ${DEFAULT_TIMEOUT_MS}, max ${MAX_TIMEOUT_MS})`),
  run_in_background: z
    .boolean()
    .optional()
    .describe(
      "true: start the command and return at once with a shell id (for servers and watchers); " +
        "read its output with bash_output, stop it with kill_shell. No timeout applies.",
    ),
  sandbox: z
    .boolean()
    .optional()
    .describe(
      "Only when a command failed because of the sandbox (read-only file system, permission denied, no network): " +
        "false runs it outside the sandbox, after the user approves",
    ),
});

export const bashTool = defineTool({
  name: "bash",
  description:
    "Run a command with bash in the working directory and return its output (stdout and stderr merged). " +
    "stdin is empty, so interactive commands will not wait for input. A non-zero exit code is reported as an error. " +
    `Timeout in milliseconds: default ${DEFAULT_TIMEOUT_MS} (2 minutes), max ${MAX_TIMEOUT_MS}. ` +
    "Long output keeps its beginning and end. Prefer read, grep and glob for reading and searching files. " +
    "For a server or anything that keeps running, set run_in_background (not `&`): it runs until it ends, " +
    "kill_shell stops it, or the session ends.",
  schema,
  permission: {
    kind: "command",
    command: (input) => stringArgument(input, "command"),
    outsideSandbox: (input) => input.sandbox === false,
  },
  // bash stops itself at its timeout (killing the group); the deadline only backs that up.
  // A background start waits only for the launch (the sandbox may have to start first).
  deadlineMs: (args) => (args.run_in_background ? 60_000 : (args.timeout ?? DEFAULT_TIMEOUT_MS) + 10_000),
  async execute(args, ctx) {
    const timeoutMs = args.timeout ?? DEFAULT_TIMEOUT_MS;
    // Otherwise spawn reports a missing cwd as "spawn bash ENOENT", which points at the wrong thing.
    if (!(await stat(ctx.workingDir).catch(() => undefined))?.isDirectory()) {
      throw new ToolError(`Working directory does not exist: ${ctx.workingDir}`);
    }
    // Credentials stay out of the command's reach (the session passes its own filtered copy).
    // and git takes no programs from a repository's configuration (read-only git runs unasked).
    const env = hardenGitEnv(ctx.env ?? filterToolEnv(process.env));
    const sandbox = args.sandbox === false ? undefined : ctx.sandbox;
    if (args.run_in_background) return startInBackground(args.command, ctx, env, sandbox);
    const launch = sandbox
      ? (script: string, options: ShellOptions) => sandbox.launch(script, options)
      : (ctx.launchShell ??
        (async (script: string, options: ShellOptions) => launchLocalShell(script, options)));
    const result = await runCommand(args.command, ctx.workingDir, env, timeoutMs, ctx.signal, launch);
    let content = result.output;
    const sep = content === "" || content.endsWith("\n") ? "" : "\n";
    if (result.stoppedBy === "timeout") {
      content += `${sep}Command timed out after ${formatSeconds(timeoutMs)}`;
      return { content, isError: true, summary: `Timed out after ${formatSeconds(timeoutMs)}` };
    }
    if (result.stoppedBy === "abort") {
      return { content: `${content}${sep}Command was interrupted`, isError: true, summary: "Interrupted" };
    }
    if (result.exitCode !== 0) {
      const code = result.exitCode ?? `killed by ${result.signal}`;
      const hint = sandbox ? sandboxHint(content, sandbox.mode) : "";
      return {
        content: `${content}${sep}Exit code: ${code}${hint}`,
        isError: true,
        summary: `Exit code ${code}`,
      };
    }
    return content === "" ? { content: "(no output)", summary: "no output" } : { content };
  },
});

async function startInBackground(
  command: string,
  ctx: ToolContext,
  env: Record<string, string>,
  sandbox: CommandSandbox | undefined,
): Promise<ToolOutput> {
  if (!ctx.shells)
    throw new ToolError(
      "Background shells are not available here: run the command without run_in_background.",
    );
  const shell = await ctx.shells.start(command, shellScript(command), { cwd: ctx.workingDir, env, sandbox });
  return {
    content:
      `Started in the background as ${shell.id}${sandbox ? " (in the sandbox: a server it starts is reachable only from sandboxed commands)" : ""}. ` +
      `Read its output with bash_output {"id": "${shell.id}"}; stop it with kill_shell {"id": "${shell.id}"}.`,
    summary: `Started ${shell.id}`,
  };
}

/**
 * `exec 2>&1` on the same line: one pipe keeps stdout and stderr in the order they were written,
 * and bash's own error messages keep their "line 1" numbering.
 */
function shellScript(command: string): string {
  return `exec 2>&1; ${command}`;
}

interface CommandResult {
  output: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stoppedBy?: "timeout" | "abort";
}

async function runCommand(
  command: string,
  cwd: string,
  env: Record<string, string>,
  timeoutMs: number,
  signal: AbortSignal,
  launch: (script: string, options: ShellOptions) => Promise<ShellHandle>,
): Promise<CommandResult> {
  const child = await launch(shellScript(command), { cwd, env });
  return new Promise((resolve, reject) => {
    const output = new BoundedOutput();
    let stoppedBy: CommandResult["stoppedBy"];
    let stopping: Promise<void> | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let closed = false;
    let drainTimer: NodeJS.Timeout | undefined;
    let settled = false;

    const stop = (reason: "timeout" | "abort") => {
      if (stopping || exit) return;
      stoppedBy = reason;
      stopping = child.stop();
    };
    const timer = setTimeout(() => stop("timeout"), timeoutMs);
    const onAbort = () => stop("abort");
    signal.addEventListener("abort", onAbort, { once: true });

    const settle = async () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(drainTimer);
      signal.removeEventListener("abort", onAbort);
      // A background job (`server &`) may still hold the pipe: keep it running, output unseen.
      child.release();
      // Resolve only once every process of the group is gone, so "interrupted" means stopped.
      await stopping;
      resolve({
        output: output.finish(),
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        stoppedBy,
      });
    };

    child.onData((chunk) => output.write(chunk));
    child.onClose(() => {
      closed = true;
      if (exit) void settle();
    });
    child.onError((error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      reject(error);
    });
    child.onExit((code, exitSignal) => {
      exit = { code, signal: exitSignal };
      if (closed) void settle();
      else drainTimer = setTimeout(() => void settle(), PIPE_DRAIN_MS);
    });
    if (signal.aborted) onAbort();
  });
}

// bash: run a shell command in the working directory. Output (stdout and stderr merged in the order
// written) streams into a bounded buffer; timeout and abort kill the command's whole process group.
import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import type { Socket } from "node:net";
import { z } from "zod";
import { formatSeconds } from "../format-seconds.js";
import { filterToolEnv } from "../permissions/env.js";
import { BoundedOutput } from "./bounded-output.js";
import { defineTool, ToolError } from "./define.js";
import { hardenGitEnv } from "./git-hardening.js";
import { killProcessGroup } from "./process-group.js";

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
});

export const bashTool = defineTool({
  name: "bash",
  description:
    "Run a command with bash in the working directory and return its output (stdout and stderr merged). " +
    "stdin is empty, so interactive commands will not wait for input. A non-zero exit code is reported as an error. " +
    `Timeout in milliseconds: default ${DEFAULT_TIMEOUT_MS} (2 minutes), max ${MAX_TIMEOUT_MS}. ` +
    "Long output keeps its beginning and end. Prefer read, grep and glob for reading and searching files.",
  schema,
  // bash stops itself at its timeout (killing the group); the deadline only backs that up.
  deadlineMs: (args) => (args.timeout ?? DEFAULT_TIMEOUT_MS) + 10_000,
  async execute(args, ctx) {
    const timeoutMs = args.timeout ?? DEFAULT_TIMEOUT_MS;
    // Otherwise spawn reports a missing cwd as "spawn bash ENOENT", which points at the wrong thing.
    if (!(await stat(ctx.workingDir).catch(() => undefined))?.isDirectory()) {
      throw new ToolError(`Working directory does not exist: ${ctx.workingDir}`);
    }
    // Credentials stay out of the command's reach (the session passes its own filtered copy).
    // and git takes no programs from a repository's configuration (read-only git runs unasked).
    const env = hardenGitEnv(ctx.env ?? filterToolEnv(process.env));
    const result = await runCommand(args.command, ctx.workingDir, env, timeoutMs, ctx.signal);
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
      return { content: `${content}${sep}Exit code: ${code}`, isError: true, summary: `Exit code ${code}` };
    }
    return { content: content === "" ? "(no output)" : content };
  },
});

interface CommandResult {
  output: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stoppedBy?: "timeout" | "abort";
}

function runCommand(
  command: string,
  cwd: string,
  env: Record<string, string>,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    // `exec 2>&1` on the same line: one pipe keeps stdout and stderr in the order they were written,
    // and bash's own error messages keep their "line 1" numbering.
    const child = spawn("bash", ["-c", `exec 2>&1; ${command}`], {
      cwd,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "ignore"],
    });
    const output = new BoundedOutput();
    let stoppedBy: CommandResult["stoppedBy"];
    let stopping: Promise<void> | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    let settled = false;

    const stop = (reason: "timeout" | "abort") => {
      if (stopping || exit || child.pid === undefined) return;
      stoppedBy = reason;
      stopping = killProcessGroup(child.pid);
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
      // A background job (`server &`) may still hold the pipe: keep draining it, unseen, instead of
      // closing it (the job would die of SIGPIPE at its next write), and let the process exit anyway.
      child.stdout.removeAllListeners("data");
      child.stdout.on("data", () => {});
      (child.stdout as Socket).unref();
      // Resolve only once every process of the group is gone, so "interrupted" means stopped.
      await stopping;
      resolve({
        output: output.finish(),
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        stoppedBy,
      });
    };

    child.stdout.on("data", (chunk: Buffer) => output.write(chunk));
    child.stdout.on("close", () => {
      if (exit) void settle();
    });
    child.on("error", (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      reject(error);
    });
    child.on("exit", (code, exitSignal) => {
      exit = { code, signal: exitSignal };
      if (child.stdout.closed) void settle();
      else drainTimer = setTimeout(() => void settle(), PIPE_DRAIN_MS);
    });
    if (signal.aborted) onAbort();
  });
}

// A running shell command as the bash tool sees it, wherever it runs: a local process group, or a
// command the session's sandbox runs for it (src/sandbox/). Output is stdout and stderr merged.
import { spawn } from "node:child_process";
import type { Socket } from "node:net";
import { killProcessGroup } from "./process-group.js";

export interface ShellHandle {
  onData(listener: (chunk: Buffer) => void): void;
  /** The shell exited (background jobs may still hold the output open). */
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  /** The output is closed: nothing holds it any more. */
  onClose(listener: () => void): void;
  onError(listener: (error: Error) => void): void;
  /** Stops every process of the command; resolves once they are gone. */
  stop(): Promise<void>;
  /** Stop listening to the output and let it drain unseen (a background job keeps running). */
  release(): void;
  /** The process group on this machine (absent inside a sandbox, which ends its own). */
  readonly pgid?: number;
}

export interface ShellOptions {
  cwd: string;
  env: Record<string, string>;
}

/** Where commands run when they are sandboxed (one per session). */
export interface CommandSandbox {
  /** "workspace-write" or "read-only": said in results and prompts. */
  readonly mode: string;
  /** Runs `bash -c` inside the sandbox. */
  launch(script: string, options: ShellOptions): Promise<ShellHandle>;
  /** Starts the sandbox in the background (a prompt began: commands may follow). */
  warmUp?(): void;
}

/** `bash -c <script>` as its own process group on this machine. */
export function launchLocalShell(script: string, options: ShellOptions): ShellHandle {
  const child = spawn("bash", ["-c", script], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ["ignore", "pipe", "ignore"],
  });
  return {
    pgid: child.pid,
    onData: (listener) => child.stdout.on("data", listener),
    onExit: (listener) => child.on("exit", listener),
    onClose: (listener) => child.stdout.on("close", listener),
    onError: (listener) => child.on("error", listener),
    stop: () => (child.pid === undefined ? Promise.resolve() : killProcessGroup(child.pid)),
    release() {
      // Keep draining the pipe, unseen, instead of closing it (the job would die of SIGPIPE at
      // its next write), and let the process exit anyway.
      child.stdout.removeAllListeners("data");
      child.stdout.on("data", () => {});
      (child.stdout as Socket).unref();
    },
  };
}

// Running one hook command: `sh -c <command>` in its own process group, the event's JSON on stdin,
// stdout and stderr captured up to a bound (a hook printing megabytes costs at most that), killed
// with its whole group at its timeout or when the run is stopped. It never throws: a command that
// cannot start, exits by signal or times out is a result like any other.
import { spawn } from "node:child_process";
import { killProcessGroup } from "../../tools/process-group.js";

/** Bytes kept of each stream; more is counted and dropped (stdout JSON that long is not JSON). */
export const HOOK_OUTPUT_LIMIT = 1024 * 1024;
const PIPE_DRAIN_MS = 250;

export interface HookProcessResult {
  /** Exit code; null when killed by a signal or never started. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Output beyond HOOK_OUTPUT_LIMIT was dropped. */
  truncated: boolean;
  /** Why it could not start. */
  error?: string;
  durationMs: number;
}

class Capture {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  add(chunk: Buffer): void {
    const room = HOOK_OUTPUT_LIMIT - this.size;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (kept !== chunk) this.truncated = true;
    this.chunks.push(kept);
    this.size += kept.length;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}

export function runHookProcess(options: {
  command: string;
  input: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<HookProcessResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const out = new Capture();
    const err = new Capture();
    let timedOut = false;
    let settled = false;
    let killing: Promise<void> | undefined;
    const child = spawn("/bin/sh", ["-c", options.command], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const stop = () => {
      if (child.pid !== undefined && !killing) killing = killProcessGroup(child.pid);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    const onAbort = () => stop();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const finish = (result: Omit<HookProcessResult, "durationMs" | "stdout" | "stderr" | "truncated">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      resolve({
        ...result,
        stdout: out.text(),
        stderr: err.text(),
        truncated: out.truncated || err.truncated,
        durationMs: performance.now() - started,
      });
    };
    child.stdout.on("data", (chunk: Buffer) => out.add(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.add(chunk));
    child.on("error", (error) => finish({ code: null, signal: null, timedOut, error: error.message }));
    // "close" waits for the pipes; a job the hook left in the background may hold them open, so after
    // the exit it gets a moment (like the bash tool) and then the pipes are let go, the job left alone.
    child.on("exit", (code, signal) => {
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish({ code, signal, timedOut });
      }, PIPE_DRAIN_MS).unref();
    });
    child.on("close", (code, signal) => finish({ code, signal, timedOut }));
    // A hook that does not read its stdin (or exits first) must not fail the run with EPIPE.
    child.stdin.on("error", () => {});
    child.stdin.end(options.input);
    if (options.signal?.aborted) stop();
  });
}

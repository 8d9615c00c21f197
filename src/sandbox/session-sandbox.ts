// The sandbox of one session on Linux: one bubblewrap process, started at the first sandboxed
// command, running the supervisor (supervisor.ts) in a private network and PID namespace. Every
// sandboxed command of the session runs through it, so a server one command starts in the
// background answers the next one on the sandbox's loopback. It dies with the session (closed
// stdin) or with agenix itself (--die-with-parent), taking every process inside with it.

import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, rmdirSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import type { CommandSandbox, ShellHandle, ShellOptions } from "../tools/shell-handle.js";
import { bwrapArgs, missingProtectedDirs, type PathKind } from "./bwrap-args.js";
import type { SandboxPolicy } from "./config.js";
import { supervisorPath } from "./locate.js";
import { type FilteringProxy, startFilteringProxy } from "./proxy.js";
import { findSecretFiles } from "./secret-files.js";
import { withSocketFilter } from "./socket-filter.js";
import type { SupervisorReply, SupervisorRequest } from "./supervisor.js";

export function pathKind(p: string): PathKind {
  try {
    const stat = statSync(p);
    return stat.isDirectory() ? "dir" : "file";
  } catch {
    return undefined;
  }
}

/**
 * The bubblewrap arguments for a policy on this machine, secret files found now. `probe`: without
 * the walk for secret files (a startup check of the mounts need not pay for it).
 */
export function sandboxArgs(policy: SandboxPolicy, probe = false): string[] {
  if (!probe) createOwnHidden(policy);
  const secretFiles = probe ? [] : findSecretFiles(policy.workingDir, policy.home);
  return bwrapArgs({ policy, secretFiles, kind: pathKind, guardMissing: !probe });
}

/** agenix's sessions and checkpoints folders exist before the sandbox starts, so they are hidden. */
function createOwnHidden(policy: SandboxPolicy): void {
  for (const dir of policy.ownHidden) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch {
      // Cannot be created here (a read-only home): then agenix cannot write it either.
    }
  }
}

/**
 * The protected folders sandboxArgs will guard with an empty mount point in the project (call it
 * just before), to give to removeProtectedPlaceholders once that sandbox has ended.
 */
export function protectedPlaceholders(policy: SandboxPolicy): string[] {
  return missingProtectedDirs(policy, pathKind);
}

/** Removes the mount points bubblewrap left for missing protected folders (only if still empty). */
export function removeProtectedPlaceholders(dirs: readonly string[]): void {
  for (const dir of dirs) {
    try {
      rmdirSync(dir);
    } catch {
      // Not empty (something outside the sandbox filled it), or already gone: leave it.
    }
  }
}

/** Loopback names the sandbox's own loopback keeps (an allowed name means the host's). */
export function noProxyList(allow: readonly string[]): string {
  return ["localhost", "127.0.0.1", "::1"].filter((name) => !allow.includes(name)).join(",");
}

/** A temp folder for the proxy's socket, and the proxy, when the policy allows any domain. */
export async function startProxyFor(
  policy: SandboxPolicy,
): Promise<{ args: string[]; close(): Promise<void> }> {
  if (policy.networkAllow.length === 0) return { args: [], close: async () => {} };
  const dir = await mkdtemp(path.join(policy.tmpDir, "agenix-sandbox-"));
  const socket = path.join(dir, "proxy.sock");
  let proxy: FilteringProxy | undefined;
  try {
    proxy = await startFilteringProxy(socket, policy.networkAllow);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    args: ["--proxy", socket, "--no-proxy", noProxyList(policy.networkAllow)],
    close: async () => {
      await proxy?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

interface Pending {
  data(chunk: Buffer): void;
  exit(code: number | null, signal: NodeJS.Signals | null): void;
  closed(): void;
  error(error: Error): void;
}

export class SessionSandbox implements CommandSandbox {
  readonly mode: string;
  private started?: Promise<ChildProcess>;
  private proxy?: { close(): Promise<void> };
  private readonly pending = new Map<number, Pending>();
  /** Stops asked for, by command id: answered when the command's process group is gone. */
  private readonly stopping = new Map<number, () => void>();
  private nextId = 1;
  private closed = false;

  constructor(
    readonly policy: SandboxPolicy,
    readonly bwrap: string,
  ) {
    this.mode = policy.mode;
  }

  async launch(script: string, options: ShellOptions): Promise<ShellHandle> {
    const supervisor = await this.start();
    const id = this.nextId++;
    const listeners = {
      data: [] as ((chunk: Buffer) => void)[],
      exit: [] as ((code: number | null, signal: NodeJS.Signals | null) => void)[],
      close: [] as (() => void)[],
      error: [] as ((error: Error) => void)[],
    };
    let released = false;
    let done = { exit: false, closed: false };
    const forget = () => {
      if (done.exit && done.closed) this.pending.delete(id);
    };
    this.pending.set(id, {
      data: (chunk) => {
        if (!released) for (const l of listeners.data) l(chunk);
      },
      exit: (code, signal) => {
        done = { ...done, exit: true };
        for (const l of listeners.exit) l(code, signal);
        forget();
      },
      closed: () => {
        done = { ...done, closed: true };
        for (const l of listeners.close) l();
        forget();
      },
      error: (error) => {
        for (const l of listeners.error) l(error);
      },
    });
    this.send(supervisor, { op: "run", id, script, cwd: options.cwd, env: options.env });
    return {
      onData: (l) => listeners.data.push(l),
      onExit: (l) => listeners.exit.push(l),
      onClose: (l) => listeners.close.push(l),
      onError: (l) => listeners.error.push(l),
      stop: () =>
        new Promise<void>((resolve) => {
          this.stopping.set(id, resolve);
          this.send(supervisor, { op: "stop", id });
        }),
      release: () => {
        released = true;
      },
    };
  }

  /**
   * Starts bubblewrap and the supervisor now, in the background, so the first command does not
   * wait for them (called when a prompt starts). A failure surfaces at the first command.
   */
  warmUp(): void {
    if (!this.closed) this.start().catch(() => {});
  }

  /** Ends the sandbox and everything running in it. */
  async close(): Promise<void> {
    this.closed = true;
    const started = this.started;
    if (started) {
      const child = await started.catch(() => undefined);
      if (child && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.stdin?.end();
        const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
        await exited;
        clearTimeout(timer);
      }
    }
    await this.proxy?.close();
  }

  private send(child: ChildProcess, request: SupervisorRequest): void {
    child.stdin?.write(`${JSON.stringify(request)}\n`);
  }

  private start(): Promise<ChildProcess> {
    if (this.closed) return Promise.reject(new Error("the session's sandbox is closed"));
    this.started ??= this.spawnSupervisor();
    return this.started;
  }

  private async spawnSupervisor(): Promise<ChildProcess> {
    const proxy = await startProxyFor(this.policy);
    this.proxy = proxy;
    const placeholders = protectedPlaceholders(this.policy);
    const args = [
      ...sandboxArgs(this.policy),
      "--",
      process.execPath,
      supervisorPath(),
      "serve",
      ...proxy.args,
    ];
    // The supervisor's own environment is readable inside the sandbox (/proc/<pid>/environ): give it
    // nothing secret. Each command gets its own (filtered) environment with its request.
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: process.env.LANG ?? "C.UTF-8" };
    const filtered = withSocketFilter(this.policy, this.bwrap, args);
    const child = spawn(filtered.command, filtered.args, { stdio: ["pipe", "pipe", "pipe"], env });
    // A supervisor that died mid-write must not crash agenix (its exit is handled below).
    child.stdin!.on("error", () => {});
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (d: string) => {
      stderr = (stderr + d).slice(-4000);
    });
    return new Promise((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.on("line", (line) => {
        let reply: SupervisorReply;
        try {
          reply = JSON.parse(line) as SupervisorReply;
        } catch {
          return;
        }
        if ("ready" in reply) return resolve(child);
        if ("stopped" in reply) {
          this.stopping.get(reply.id)?.();
          this.stopping.delete(reply.id);
          return;
        }
        const pending = this.pending.get(reply.id);
        if (!pending) return;
        if ("data" in reply) pending.data(Buffer.from(reply.data, "base64"));
        else if ("exit" in reply) pending.exit(reply.exit, reply.signal);
        else if ("closed" in reply) pending.closed();
        else if ("error" in reply) pending.error(new Error(reply.error));
      });
      child.on("error", reject);
      child.on("exit", (code) => {
        removeProtectedPlaceholders(placeholders);
        const why = new Error(`the sandbox stopped (exit code ${code}): ${stderr.trim() || "no message"}`);
        reject(why);
        // Commands still running when the sandbox died end with it.
        for (const pending of this.pending.values()) {
          pending.exit(null, "SIGKILL");
          pending.closed();
        }
        for (const stopped of this.stopping.values()) stopped();
        this.pending.clear();
        this.stopping.clear();
        if (!this.closed) this.started = undefined;
      });
    });
  }
}

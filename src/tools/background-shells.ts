// The background shells of one session: commands the model started with `bash {run_in_background:
// true}`, running while the conversation goes on. Each runs where a foreground command would (its
// own process group here, or the session's sandbox), its output drained all the time into a
// bounded ring (output-ring.ts) so a chatty server never blocks on a full pipe nor dies of SIGPIPE
// while agenix runs. closeAll() (the session's end) stops every one still running, process group
// and all, and names them; after that no shell starts.
import { ToolError } from "./define.js";
import { OutputRing, type RingRead, SHELL_BUFFER_BYTES } from "./output-ring.js";
import {
  type CommandSandbox,
  launchLocalShell,
  type ShellHandle,
  type ShellOptions,
} from "./shell-handle.js";

/** Shells running at once, per session: a runaway loop of starts stops here, with a clear error. */
export const MAX_RUNNING_SHELLS = 10;
/** Finished shells kept (with their unread output) for bash_output and /ps; older ones are forgotten. */
const MAX_FINISHED_SHELLS = 20;
/** After a stop has killed the group, how long to wait for the exit to be reported. */
const EXIT_REPORT_MS = 2000;

export interface ShellInfo {
  id: string;
  command: string;
  /** Epoch ms. */
  startedAt: number;
  /** Epoch ms when it was seen to end; undefined while running. */
  endedAt?: number;
  running: boolean;
  /** Exit code of its shell (null: ended by a signal); undefined while that shell runs. */
  exitCode?: number | null;
  signal?: NodeJS.Signals | null;
  /** Stopped by kill_shell or the session's end. */
  killed: boolean;
  sandboxed: boolean;
}

export interface ShellRead extends RingRead {
  info: ShellInfo;
}

/** `running`, `exit 0`, `killed`, `exit 1`, `ended by SIGSEGV`. */
export function describeShellStatus(info: ShellInfo): string {
  if (info.running) return "running";
  if (info.killed) return "killed";
  if (info.exitCode === null || info.exitCode === undefined) return `ended by ${info.signal ?? "a signal"}`;
  return `exit ${info.exitCode}`;
}

class BackgroundShell {
  readonly ring: OutputRing;
  exit?: { code: number | null; signal: NodeJS.Signals | null };
  closed = false;
  killed = false;
  endedAt?: number;
  private stopping?: Promise<void>;
  private readonly exited: Promise<void>;

  constructor(
    readonly id: string,
    readonly command: string,
    readonly handle: ShellHandle,
    readonly sandboxed: boolean,
    bufferBytes: number,
    readonly startedAt = Date.now(),
  ) {
    this.ring = new OutputRing(bufferBytes);
    let markExited!: () => void;
    this.exited = new Promise((resolve) => {
      markExited = resolve;
    });
    handle.onData((chunk) => this.ring.write(chunk));
    handle.onExit((code, signal) => {
      this.exit = { code, signal };
      markExited();
      this.settle();
    });
    handle.onClose(() => {
      this.closed = true;
      this.settle();
    });
    handle.onError((error) => {
      this.ring.write(Buffer.from(`\n${error.message}\n`));
      this.exit ??= { code: null, signal: null };
      this.closed = true;
      markExited();
      this.settle();
    });
  }

  /** Running while its shell runs or anything it started still holds its output open. */
  get running(): boolean {
    return !(this.exit && this.closed);
  }

  info(): ShellInfo {
    return {
      id: this.id,
      command: this.command,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      running: this.running,
      exitCode: this.exit?.code,
      signal: this.exit?.signal,
      killed: this.killed,
      sandboxed: this.sandboxed,
    };
  }

  /** Kills the whole process group (TERM, then KILL) and resolves once it is gone. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.killed = true;
      await this.handle.stop();
      // The group is gone; the shell's exit is reported a moment later (never wait forever).
      await Promise.race([
        this.exited,
        new Promise((resolve) => setTimeout(resolve, EXIT_REPORT_MS).unref()),
      ]);
      // A process that left the group (setsid) may still hold the output: drain it unseen, unwaited.
      this.closed = true;
      this.exit ??= { code: null, signal: "SIGKILL" };
      this.settle();
      this.handle.release();
    })();
    return this.stopping;
  }

  private settle(): void {
    if (!this.running) this.endedAt ??= Date.now();
  }
}

export interface BackgroundShellsOptions {
  maxRunning?: number;
  /** Bytes of unread output kept per shell (default 1 MB). */
  bufferBytes?: number;
}

export class BackgroundShells {
  private readonly shells = new Map<string, BackgroundShell>();
  private nextId = 1;
  private closed = false;
  private readonly maxRunning: number;
  private readonly bufferBytes: number;

  constructor(options: BackgroundShellsOptions = {}) {
    this.maxRunning = options.maxRunning ?? MAX_RUNNING_SHELLS;
    this.bufferBytes = options.bufferBytes ?? SHELL_BUFFER_BYTES;
  }

  /** Starts `script` (already prepared: `exec 2>&1; ...`) in the background; `command` is what was asked. */
  async start(
    command: string,
    script: string,
    options: ShellOptions & { sandbox?: CommandSandbox },
  ): Promise<ShellInfo> {
    if (this.closed) throw new ToolError("The session has ended: no background shell can start.");
    const running = this.list().filter((s) => s.running);
    if (running.length >= this.maxRunning) {
      const names = running.map((s) => `${s.id} (${s.command})`).join(", ");
      throw new ToolError(
        `Too many background shells: ${running.length} are running (the limit is ${this.maxRunning}): ${names}. ` +
          "Stop one with kill_shell before starting another.",
      );
    }
    const { sandbox, ...shellOptions } = options;
    const handle = sandbox
      ? await sandbox.launch(script, shellOptions)
      : launchLocalShell(script, shellOptions);
    const id = `bash_${this.nextId++}`;
    const shell = new BackgroundShell(id, command, handle, sandbox !== undefined, this.bufferBytes);
    this.shells.set(id, shell);
    if (handle.pgid !== undefined) killOnExit(shell, handle.pgid);
    this.forgetOldFinished();
    return shell.info();
  }

  /** Everything the shell printed since the last read. Throws ToolError for an unknown id. */
  read(id: string): ShellRead {
    const shell = this.get(id);
    return { info: shell.info(), ...shell.ring.take() };
  }

  /** Stops a shell (its whole process group); resolves to its state before and after. */
  async kill(id: string): Promise<{ wasRunning: boolean; info: ShellInfo }> {
    const shell = this.get(id);
    if (!shell.running) return { wasRunning: false, info: shell.info() };
    await shell.stop();
    return { wasRunning: true, info: shell.info() };
  }

  list(): ShellInfo[] {
    return [...this.shells.values()].map((s) => s.info());
  }

  /** The session ends: stops every shell still running; resolves to those it stopped. */
  async closeAll(): Promise<ShellInfo[]> {
    this.closed = true;
    const running = [...this.shells.values()].filter((s) => s.running);
    await Promise.all(running.map((s) => s.stop()));
    return running.map((s) => s.info());
  }

  /** closeAll(), and the notice naming the shells it stopped (undefined: none was running). */
  async end(): Promise<string | undefined> {
    return stoppedShellsNotice(await this.closeAll());
  }

  private get(id: string): BackgroundShell {
    const shell = this.shells.get(id.trim());
    if (shell) return shell;
    const known = [...this.shells.keys()];
    throw new ToolError(
      `No background shell "${id}" in this session. ${
        known.length > 0 ? `Known shells: ${known.join(", ")}.` : "None has been started."
      } Start one with bash {"command": ..., "run_in_background": true}.`,
    );
  }

  private forgetOldFinished(): void {
    const finished = [...this.shells.values()].filter((s) => !s.running);
    for (const shell of finished.slice(0, Math.max(0, finished.length - MAX_FINISHED_SHELLS))) {
      this.shells.delete(shell.id);
    }
  }
}

/** The notice naming the shells the session's end stopped; undefined when none was running. */
export function stoppedShellsNotice(stopped: readonly ShellInfo[]): string | undefined {
  if (stopped.length === 0) return undefined;
  const names = stopped.map((s) => `${s.id} (${oneLine(s.command)})`).join(", ");
  const count = stopped.length === 1 ? "1 background shell" : `${stopped.length} background shells`;
  return `Stopped ${count} still running: ${names}`;
}

function oneLine(command: string, max = 80): string {
  const flat = command.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// Local process groups still running when agenix exits without closing its sessions (a second
// Ctrl-C, process.exit) are killed on the way out. Sandboxed ones end with their sandbox.
const liveGroups = new Map<BackgroundShell, number>();
let exitHookInstalled = false;

function killOnExit(shell: BackgroundShell, pgid: number): void {
  liveGroups.set(shell, pgid);
  shell.handle.onClose(() => liveGroups.delete(shell));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const [live, group] of liveGroups) {
      if (!live.running) continue;
      try {
        process.kill(-group, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });
}

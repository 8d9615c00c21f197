// The editor side of ACP's `fs/*` and `terminal/*` for tests, done for real: buffers that may differ
// from the disk (a write updates the buffer and saves it, as Zed does), and terminals that run their
// command as a real process group, keep its output, and answer output / wait_for_exit / kill / release.
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type {
  ClientApp,
  CreateTerminalRequest,
  ReadTextFileRequest,
  WriteTextFileRequest,
} from "@agentclientprotocol/sdk";

interface Terminal {
  child: ChildProcess;
  output: string;
  exit: Promise<{ exitCode: number | null; signal: string | null }>;
  exited?: { exitCode: number | null; signal: string | null };
  released: boolean;
}

export class TestEditor {
  /** Unsaved buffers by absolute path (what fs/read_text_file answers before the disk). */
  readonly buffers = new Map<string, string>();
  readonly reads: ReadTextFileRequest[] = [];
  readonly writes: WriteTextFileRequest[] = [];
  readonly created: CreateTerminalRequest[] = [];
  readonly killed: string[] = [];
  readonly released: string[] = [];
  readonly terminals = new Map<string, Terminal>();
  /** Called when a terminal is created (a test may wait for it). */
  onCreate?: (terminalId: string) => void;

  constructor(readonly offers: { fs: boolean; terminal: boolean }) {}

  register(app: ClientApp): ClientApp {
    let next = 0;
    return app
      .onRequest("fs/read_text_file", async ({ params }) => {
        this.reads.push(params);
        const text = this.buffers.get(params.path) ?? (await readFile(params.path, "utf8"));
        return { content: text };
      })
      .onRequest("fs/write_text_file", ({ params }) => {
        this.writes.push(params);
        this.buffers.set(params.path, params.content);
        writeFileSync(params.path, params.content);
        return {};
      })
      .onRequest("terminal/create", ({ params }) => {
        this.created.push(params);
        const terminalId = `term-${++next}`;
        const env = Object.fromEntries((params.env ?? []).map((v) => [v.name, v.value]));
        const child = spawn(params.command, params.args ?? [], {
          cwd: params.cwd ?? undefined,
          env,
          detached: true,
          stdio: ["ignore", "pipe", "pipe"],
        });
        const terminal: Terminal = {
          child,
          output: "",
          released: false,
          exit: new Promise((resolve) => {
            child.on("close", (exitCode, signal) => {
              terminal.exited = { exitCode, signal };
              resolve(terminal.exited);
            });
          }),
        };
        const keep = (chunk: Buffer) => {
          terminal.output += chunk.toString("utf8");
        };
        child.stdout!.on("data", keep);
        child.stderr!.on("data", keep);
        this.terminals.set(terminalId, terminal);
        this.onCreate?.(terminalId);
        return { terminalId };
      })
      .onRequest("terminal/output", ({ params }) => {
        const t = this.get(params.terminalId);
        return { output: t.output, truncated: false, exitStatus: t.exited ?? null };
      })
      .onRequest("terminal/wait_for_exit", async ({ params }) => this.get(params.terminalId).exit)
      .onRequest("terminal/kill", ({ params }) => {
        this.killed.push(params.terminalId);
        this.kill(this.get(params.terminalId));
        return {};
      })
      .onRequest("terminal/release", ({ params }) => {
        this.released.push(params.terminalId);
        const t = this.get(params.terminalId);
        t.released = true;
        this.kill(t);
        return {};
      });
  }

  /** Kills every terminal's command (the editor going away). */
  killAll(): void {
    for (const t of this.terminals.values()) this.kill(t);
  }

  private get(id: string): Terminal {
    const t = this.terminals.get(id);
    if (!t || t.released) throw new Error(`unknown terminal ${id}`);
    return t;
  }

  private kill(t: Terminal): void {
    if (t.exited || t.child.pid === undefined) return;
    try {
      process.kill(-t.child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

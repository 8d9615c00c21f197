// Import workers: transcripts are prepared (read, parsed and serialised: nearly all of an import's
// CPU time) in worker threads, one per core, while the importing thread decides ids, skips
// duplicates and writes files in file order. Without the compiled worker file (running from the
// TypeScript sources) or when a worker dies, transcripts are prepared in the importing thread.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { AgentFormat } from "./build.js";
import type { PrepareJob } from "./import-worker.js";
import { type PreparedSession, prepareTranscript } from "./prepare.js";

interface Pending {
  resolve: (prepared: PreparedSession) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

type Reply = { job: number; prepared: PreparedSession } | { job: number; error: string };

const WORKER_FILE = new URL("./import-worker.js", import.meta.url);

export class TranscriptPreparer {
  private readonly slots: Slot[] = [];
  private jobs = 0;

  /** `count` workers (default: one per core) when the worker file is there, else none. */
  constructor(count = availableParallelism()) {
    if (!existsSync(fileURLToPath(WORKER_FILE))) return;
    for (let i = 0; i < count; i++) this.slots.push(this.spawn());
  }

  /** How many transcripts can be prepared at once. */
  get parallel(): number {
    return Math.max(1, this.slots.length);
  }

  prepare(agent: AgentFormat, file: string, fallbackDir: string): Promise<PreparedSession> {
    const slot = this.slots.reduce<Slot | undefined>(
      (best, s) => (best && best.pending.size <= s.pending.size ? best : s),
      undefined,
    );
    if (!slot) return Promise.resolve().then(() => prepareTranscript(agent, file, fallbackDir));
    const job = ++this.jobs;
    return new Promise((resolve, reject) => {
      slot.pending.set(job, { resolve, reject });
      slot.worker.postMessage({ job, agent, file, fallbackDir } satisfies PrepareJob);
    });
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_FILE);
    const slot: Slot = { worker, pending: new Map() };
    worker.unref();
    worker.on("message", (reply: Reply) => {
      const waiting = slot.pending.get(reply.job);
      slot.pending.delete(reply.job);
      if ("error" in reply) waiting?.reject(new Error(reply.error));
      else waiting?.resolve(reply.prepared);
    });
    const fail = (error: Error) => {
      // A dead worker's jobs fail with its error; later jobs go to the others (or this thread).
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      for (const waiting of slot.pending.values()) waiting.reject(error);
      slot.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`an import worker stopped (exit code ${code})`)));
    return slot;
  }
}

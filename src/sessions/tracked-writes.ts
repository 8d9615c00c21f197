// What SessionManager knows about the files it read or wrote, and the write path built on it:
// append when only messages were added, otherwise rewrite, keeping a backup when another program
// changed the file since agenix last saw it. Writes to one file run one after another.
import { lstat } from "node:fs/promises";
import path from "node:path";
import type { SessionData } from "../messages/types.js";
import { keepBackup } from "./backup.js";
import {
  appendToFile,
  assertSafeTarget,
  canAppend,
  type DiskState,
  ensureFolder,
  rewriteFile,
} from "./disk-writer.js";
import type { SessionIo } from "./io.js";
import type { SaveReport } from "./manager-types.js";

export interface Known {
  path: string;
  state?: DiskState;
  /** Set when the load dropped a torn tail: the first save keeps a backup of the torn file. */
  repaired?: boolean;
  /** The file's size and mtime when last read or written: anything else means another writer. */
  disk?: { size: number; mtimeMs: number };
}

export class TrackedWrites {
  private readonly known = new WeakMap<SessionData, Known>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly root: string,
    private readonly io: SessionIo,
  ) {}

  get(data: SessionData): Known | undefined {
    return this.known.get(data);
  }

  remember(data: SessionData, known: Known): void {
    this.known.set(data, known);
  }

  /** Saves `data` to `file`, one write at a time per file, even if the caller does not await each. */
  save(file: string, data: SessionData): Promise<SaveReport> {
    const job = () => this.write(file, data);
    const previous = this.queues.get(file) ?? Promise.resolve();
    const run = previous.then(job, job);
    const settled = run.catch(() => {});
    this.queues.set(file, settled);
    void settled.then(() => {
      if (this.queues.get(file) === settled) this.queues.delete(file);
    });
    return run;
  }

  private async write(file: string, data: SessionData): Promise<SaveReport> {
    ensureFolder(this.root, path.dirname(file));
    assertSafeTarget(this.root, file);
    const known = this.known.get(data);
    const mine = known?.path === file ? known : undefined;
    const warnings: string[] = [];
    if (canAppend(mine?.state, data)) {
      const next = await appendToFile(this.io, mine.state, data, warnings).catch(async (error: unknown) => {
        // A failed append put the old end back itself: that change is ours, not another program's.
        await recordOwnChange(mine, file);
        throw error;
      });
      if (next) {
        this.known.set(data, { path: file, state: next, disk: next });
        return { path: file, warnings };
      }
    }
    let backup: string | undefined;
    if (mine?.repaired) backup = await keepBackup(file);
    else if (mine?.disk && (await changedOnDisk(file, mine.disk))) {
      backup = await keepBackup(file);
      warnings.push(
        `${file} was changed by another program since agenix read it; agenix saved its own copy ` +
          `and kept the changed file as ${backup}`,
      );
    }
    this.known.set(data, { path: file });
    const next = await rewriteFile(this.io, file, data);
    this.known.set(data, { path: file, state: next, disk: next });
    return { path: file, backup, warnings };
  }
}

/** After agenix itself changed the file without a new state (a failed append's undo). */
async function recordOwnChange(known: Known, file: string): Promise<void> {
  try {
    const stat = await lstat(file);
    known.disk = { size: stat.size, mtimeMs: stat.mtimeMs };
    if (known.state && known.state.size === stat.size) known.state.mtimeMs = stat.mtimeMs;
    else known.state = undefined;
  } catch {
    known.disk = undefined;
  }
}

/** True when the file's size or mtime is not what agenix last read or wrote (another writer). */
async function changedOnDisk(file: string, seen: { size: number; mtimeMs: number }): Promise<boolean> {
  try {
    const stat = await lstat(file);
    return stat.size !== seen.size || stat.mtimeMs !== seen.mtimeMs;
  } catch {
    return false; // gone: nothing to keep
  }
}

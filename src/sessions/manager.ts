// SessionManager: the SDK's way to create, save, load, list and manage session files.
// Subclasses (the spec's CustomSessionManager, e.g. a database) may override only saveSession and
// loadSession: every other method that reads or writes a whole session goes through those two.
import { lstat, readFile, unlink } from "node:fs/promises";
import path from "node:path";
import { SessionLoadError, SessionLockedError, SessionNotFoundError } from "../errors.js";
import { repairDanglingToolCalls } from "../messages/repair-tool-calls.js";
import { HEADER_KEYS, isoNow, type SessionData, type SessionMetadata } from "../messages/types.js";
import { deleteBackups, keepBackup } from "./backup.js";
import { clockNow, createExclusive, timestampId } from "./create.js";
import {
  appendToFile,
  assertSafeTarget,
  canAppend,
  type DiskState,
  deepFreeze,
  ensureFolder,
  rewriteFile,
} from "./disk-writer.js";
import { nodeIo, type SessionIo } from "./io.js";
import { belongsTo, compareNewestFirst, listFolder } from "./list.js";
import { lockHolder, lockSessionFile, type UnlockResult, unlockSessionFile } from "./lock.js";
import { findSessionFiles, idTaken, resolveSessionFile, sessionFolders } from "./lookup.js";
import {
  assertUsableRoot,
  canonicalDir,
  defaultSessionRoot,
  folderNameFor,
  idFromFileName,
  validateSessionId,
} from "./paths.js";
import type { RepairResult } from "./repair.js";
import { serializeSession } from "./serialize.js";
import type { SessionSummary } from "./summary.js";

export interface SessionManagerOptions {
  /** Sessions root; default `$AGENIX_SESSION_DIR` or `~/.agenix/sessions`. */
  dir?: string;
  /** File operations used for saving; tests inject faults here. */
  io?: SessionIo;
}

export interface NewSessionOptions {
  workingDir: string;
  model: string;
  metadata?: SessionMetadata;
  /** Extra top-level keys written after `messages` (system_prompt, provider, ...). */
  extra?: Record<string, unknown>;
}

export interface LookupOptions {
  /** Directory whose folder is searched first (default: the current directory). */
  workingDir?: string;
}

export interface SaveOptions {
  /** Keep `updated_at` as it is (imports, metadata edits) instead of stamping the save time. */
  keepUpdatedAt?: boolean;
}

/** What a successful save did besides writing: warnings to show, and a backup it kept. */
export interface SaveReport {
  path: string;
  /** The session file as it was on disk, kept because another program had changed it. */
  backup?: string;
  /** The save succeeded but something around it did not (fsync, timestamp patch, folder mtime). */
  warnings: string[];
}

export interface LoadOptions extends LookupOptions {
  /**
   * Freeze the loaded messages: the caller only appends (an AgentSession does), so the next save
   * can append at once. Without it the messages may be edited, and the next save rewrites the file.
   */
  frozen?: boolean;
}

/** What `deleteSession` removed. */
export interface DeleteReport {
  path: string;
  /** `<id>.json.bak-*` copies removed with the session. */
  backups: string[];
}

export type ListOptions = ({ workingDir?: string } | { all: true }) & {
  /** Check every file even when its folder looks unchanged (after edits by other programs). */
  rescan?: boolean;
};

interface Known {
  path: string;
  state?: DiskState;
  /** Set when the load dropped a torn tail: the first save keeps a backup of the torn file. */
  repaired?: boolean;
  /** The file's size and mtime when last read or written: anything else means another writer. */
  disk?: { size: number; mtimeMs: number };
}

export class SessionManager {
  readonly dir: string;
  private readonly io: SessionIo;
  private readonly known = new WeakMap<SessionData, Known>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(options: SessionManagerOptions = {}) {
    this.dir = path.resolve(options.dir ?? defaultSessionRoot());
    this.io = options.io ?? nodeIo;
  }

  /** The folder for a working directory (may not exist yet). */
  folderFor(workingDir: string): string {
    return path.join(this.dir, folderNameFor(workingDir));
  }

  /** A new session with no messages. The base class claims a unique id and writes the file. */
  async createSessionData(options: NewSessionOptions): Promise<SessionData> {
    const now = clockNow();
    const stamp = isoNow(now);
    const extra = Object.fromEntries(
      Object.entries(options.extra ?? {}).filter(
        ([key]) => !(HEADER_KEYS as readonly string[]).includes(key) && key !== "messages",
      ),
    );
    const data: SessionData = {
      id: timestampId(now),
      working_dir: canonicalDir(options.workingDir),
      model: options.model,
      created_at: stamp,
      updated_at: stamp,
      metadata: { ...(options.metadata ?? {}) },
      messages: [],
      ...extra,
    };
    if (this.saveSession !== SessionManager.prototype.saveSession) {
      // A custom store decides where sessions live; it only sees saveSession.
      await this.saveSession(data, { keepUpdatedAt: true });
      return data;
    }
    const folder = this.folderFor(data.working_dir);
    ensureFolder(this.dir, folder);
    assertSafeTarget(this.dir, path.join(folder, `${data.id}.json`));
    const state = await createExclusive(this.io, folder, data.id, data, (id) => idTaken(this.dir, id));
    this.known.set(data, { path: state.path, state, disk: state });
    return data;
  }

  /**
   * Throws a clear error unless the sessions root is (or can become) a writable directory: checked
   * before a conversation starts, so nothing runs that cannot be saved.
   */
  async assertWritable(): Promise<void> {
    // A custom store (e.g. a database) decides where sessions live.
    if (this.saveSession !== SessionManager.prototype.saveSession) return;
    assertUsableRoot(this.dir);
  }

  /**
   * Saves the whole session. When only messages were appended since the last save of this same
   * object, only the new messages are written (cost proportional to the message); otherwise the
   * file is rewritten atomically. Throws SessionSaveError with the file left as it was.
   */
  async saveSession(data: SessionData, options: SaveOptions = {}): Promise<SaveReport | void> {
    validateSessionId(data.id);
    if (!options.keepUpdatedAt) data.updated_at = isoNow();
    const file = this.targetPath(data);
    return this.serialized(file, () => this.writeSession(file, data));
  }

  private targetPath(data: SessionData): string {
    const known = this.known.get(data);
    if (known && idFromFileName(path.basename(known.path)) === data.id) return known.path;
    const own = path.join(this.folderFor(data.working_dir), `${data.id}.json`);
    const found = findSessionFiles(this.dir, data.id, data.working_dir);
    if (found.length === 1 || (found.length > 1 && found[0] === own)) return found[0];
    return own;
  }

  private async writeSession(file: string, data: SessionData): Promise<SaveReport> {
    ensureFolder(this.dir, path.dirname(file));
    assertSafeTarget(this.dir, file);
    const known = this.known.get(data);
    const mine = known?.path === file ? known : undefined;
    const warnings: string[] = [];
    if (canAppend(mine?.state, data)) {
      const next = await appendToFile(this.io, mine.state, data, warnings).catch(async (error: unknown) => {
        // A failed append put the old end back itself: that change is ours, not another program's.
        await this.recordOwnChange(mine, file);
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

  /** After agenix itself changed the file without a new state (a failed append's undo). */
  private async recordOwnChange(known: Known, file: string): Promise<void> {
    try {
      const stat = await lstat(file);
      known.disk = { size: stat.size, mtimeMs: stat.mtimeMs };
      if (known.state && known.state.size === stat.size) known.state.mtimeMs = stat.mtimeMs;
      else known.state = undefined;
    } catch {
      known.disk = undefined;
    }
  }

  /** Runs writes to one file one after another, even if the caller does not await each save. */
  private serialized<T>(file: string, job: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(file) ?? Promise.resolve();
    const run = previous.then(job, job);
    const settled = run.catch(() => {});
    this.queues.set(file, settled);
    void settled.then(() => {
      if (this.queues.get(file) === settled) this.queues.delete(file);
    });
    return run;
  }

  /**
   * Loads a session by id (the working directory's folder first, then every folder). Tool calls
   * left without results get synthetic error results; a torn end (kill mid-save) is dropped, and
   * the first save afterwards keeps the torn file as `<id>.json.bak-...`.
   */
  async loadSession(id: string, options: LoadOptions = {}): Promise<SessionData> {
    const file = resolveSessionFile(this.dir, id, this.lookupDir(options));
    // Loaded on demand: validation pulls in zod, which listing and locking never need.
    const { readSessionFile } = await import("./load.js");
    const loaded = await readSessionFile(file);
    const data = loaded.data;
    data.messages = repairDanglingToolCalls(data.messages);
    const state = loaded.state;
    if (options.frozen && state) {
      // The messages on disk are the ones loaded (plus synthetic results, which differ by identity
      // and so force the rewrite that saves them).
      for (const message of data.messages) deepFreeze(message);
      state.sealed = true;
    }
    this.known.set(data, { path: file, state, repaired: loaded.repaired, disk: loaded.disk });
    return data;
  }

  private lookupDir(options: LookupOptions): string {
    return canonicalDir(options.workingDir ?? process.cwd());
  }

  /** Sessions newest first (by updated_at, then id), read from file heads and a per-folder index. */
  async listSessions(options: ListOptions = {}): Promise<SessionSummary[]> {
    const how = { rescan: options.rescan === true };
    if ("all" in options && options.all) {
      return sessionFolders(this.dir)
        .flatMap((folder) => listFolder(folder, how))
        .sort(compareNewestFirst);
    }
    const workingDir = canonicalDir(("workingDir" in options && options.workingDir) || process.cwd());
    const name = folderNameFor(workingDir);
    return listFolder(path.join(this.dir, name), how)
      .filter((summary) => belongsTo(summary, workingDir, name))
      .sort(compareNewestFirst);
  }

  async latestSession(workingDir: string): Promise<SessionSummary | undefined> {
    return (await this.listSessions({ workingDir }))[0];
  }

  async sessionPath(id: string, options: LookupOptions = {}): Promise<string> {
    return resolveSessionFile(this.dir, id, this.lookupDir(options));
  }

  /**
   * Deletes a session file and its `.bak-*` backups; refuses while another process has it open.
   * Returns the path (and, in `report`, the backups removed).
   */
  async deleteSession(
    id: string,
    options: LookupOptions & { report?: DeleteReport[] } = {},
  ): Promise<string> {
    return this.deleteSessionFile(await this.sessionPath(id, options), options.report);
  }

  /** Deletes the session file at `file` (a path from listSessions) and its backups, unless it is in use. */
  async deleteSessionFile(file: string, report?: DeleteReport[]): Promise<string> {
    file = path.resolve(file);
    if (!file.startsWith(this.dir + path.sep)) {
      throw new SessionLoadError(file, "not inside the sessions directory; refusing to delete it");
    }
    const id = idFromFileName(path.basename(file));
    const holder = await lockHolder(file);
    if (holder !== undefined && holder.pid !== process.pid) throw new SessionLockedError(id, holder);
    await unlink(file);
    // Backups hold the full conversation (secrets included): they go with the session.
    const backups = await deleteBackups(file);
    report?.push({ path: file, backups });
    return file;
  }

  /**
   * Validates a session file and files it under the sessions root: id = its file name (or
   * `options.id`), with `_2`, `_3`, ... when taken; `workingDir` replaces its working_dir.
   */
  async importSession(
    file: string,
    options: { workingDir?: string; id?: string } = {},
  ): Promise<{ id: string; path: string }> {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw new SessionLoadError(file, (error as Error).message);
    }
    const { parseSessionBytes } = await import("./load.js");
    const loaded = parseSessionBytes(path.resolve(file), bytes);
    if (loaded.repaired)
      throw new SessionLoadError(file, "the file is truncated; repair it before importing");
    const data = loaded.data;
    if (options.workingDir) data.working_dir = path.resolve(options.workingDir);
    let baseId = options.id ?? data.id;
    try {
      validateSessionId(baseId);
    } catch (error) {
      if (options.id) throw error;
      baseId = timestampId(clockNow());
    }
    if (this.saveSession !== SessionManager.prototype.saveSession) {
      data.id = baseId;
      await this.saveSession(data, { keepUpdatedAt: true });
      return { id: data.id, path: "" };
    }
    const folder = this.folderFor(data.working_dir);
    ensureFolder(this.dir, folder);
    assertSafeTarget(this.dir, path.join(folder, `${baseId}.json`));
    const state = await createExclusive(this.io, folder, baseId, data, (id) => idTaken(this.dir, id));
    this.known.set(data, { path: state.path, state, disk: state });
    return { id: data.id, path: state.path };
  }

  /** The session as pretty JSON; with `redact`, secrets, home and working directory are scrubbed. */
  async exportSession(
    id: string,
    options: LookupOptions & { redact?: boolean; home?: string } = {},
  ): Promise<{ json: string; redactions: number }> {
    let data = await this.loadSession(id, options);
    let redactions = 0;
    if (options.redact) {
      const { redactSession } = await import("../redact/redact.js");
      const result = redactSession(data, { home: options.home });
      data = result.session;
      redactions = result.redactions;
    }
    return { json: serializeSession(data).text, redactions };
  }

  /** Changes a session's metadata under its lock (load, edit, save; updated_at is kept). */
  async updateMetadata(
    id: string,
    edit: (metadata: SessionMetadata) => SessionMetadata,
    options: LookupOptions = {},
  ): Promise<SessionData> {
    let release: (() => Promise<void>) | undefined;
    try {
      release = await this.acquireLock(id, options);
    } catch (error) {
      // Custom stores (no file) have nothing to lock.
      if (!(error instanceof SessionNotFoundError)) throw error;
    }
    try {
      const data = await this.loadSession(id, options);
      data.metadata = edit({ ...data.metadata });
      await this.saveSession(data, { keepUpdatedAt: true });
      return data;
    } finally {
      await release?.();
    }
  }

  /**
   * Salvages every complete message of a damaged file into a valid file, keeping the original as
   * `<id>.json.bak-<timestamp>`. A valid file only gets results for interrupted tool calls.
   */
  async repairSession(id: string, options: LookupOptions = {}): Promise<RepairResult> {
    const file = await this.sessionPath(id, options);
    const release = await this.acquireLock(id, options);
    try {
      const { repairFile } = await import("./repair.js");
      return await repairFile(this.io, this.dir, file);
    } finally {
      await release();
    }
  }

  /** Takes the session's lock file; throws SessionLockedError if a live process holds it. */
  async acquireLock(id: string, options: LookupOptions = {}): Promise<() => Promise<void>> {
    const file = await this.sessionPath(id, options);
    return lockSessionFile(id, file, this.io);
  }

  /**
   * Removes a session's lock left by a process that is gone (`agenix sessions unlock`). Refuses
   * (SessionLockedError) while the holder is alive on this machine.
   */
  async unlockSession(id: string, options: LookupOptions = {}): Promise<UnlockResult> {
    const file = await this.sessionPath(id, options);
    return unlockSessionFile(id, file);
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

// SessionManager: the file store (one of the two SessionStore siblings, store.ts), and the SDK's way to
// create, save, load, list and manage session files. Subclasses (the spec's CustomSessionManager, e.g.
// a database) may override only saveSession and loadSession: every other method that reads or writes
// a whole session goes through those two (a new one through saveSession with `claimNew`).
import { readFile, unlink } from "node:fs/promises";
import path from "node:path";
import { SessionLoadError, SessionLockedError } from "../errors.js";
import { repairDanglingToolCalls } from "../messages/repair-tool-calls.js";
import { isoNow, type SessionData } from "../messages/types.js";
import { deleteBackups } from "./backup.js";
import { createExclusive } from "./create.js";
import { assertSafeTarget, deepFreeze, ensureFolder } from "./disk-writer.js";
import { nodeIo, type SessionIo } from "./io.js";
import { belongsTo, compareNewestFirst, listFolder } from "./list.js";
import { lockHolder, lockSessionFile, type UnlockResult, unlockSessionFile } from "./lock.js";
import { findSessionFiles, idTaken, resolveSessionFile, sessionFolders } from "./lookup.js";
import type {
  DeleteReport,
  ListOptions,
  LoadOptions,
  LookupOptions,
  SaveOptions,
  SaveReport,
  SessionManagerOptions,
} from "./manager-types.js";
import {
  assertUsableRoot,
  canonicalDir,
  defaultSessionRoot,
  folderNameFor,
  idFromFileName,
  validateSessionId,
} from "./paths.js";
import type { RepairResult } from "./repair.js";
import type { SessionStore } from "./store.js";
import { SessionStoreBase } from "./store-common.js";
import type { SessionSummary } from "./summary.js";
import { TrackedWrites } from "./tracked-writes.js";

export type {
  DeleteReport,
  ListOptions,
  LoadOptions,
  LookupOptions,
  NewSessionOptions,
  SaveOptions,
  SaveReport,
  SessionManagerOptions,
} from "./manager-types.js";

export class SessionManager extends SessionStoreBase implements SessionStore {
  readonly dir: string;
  private readonly io: SessionIo;
  private readonly writes: TrackedWrites;
  private readonly dirFromEnvironment: boolean;

  constructor(options: SessionManagerOptions = {}) {
    super();
    this.dir = path.resolve(options.dir ?? defaultSessionRoot());
    this.dirFromEnvironment = options.dir === undefined;
    this.io = options.io ?? nodeIo;
    this.writes = new TrackedWrites(this.dir, this.io);
  }

  /** The sessions folder: the search index lives in it. */
  get localRoot(): string {
    return this.dir;
  }

  /** The folder for a working directory (may not exist yet). */
  folderFor(workingDir: string): string {
    return path.join(this.dir, folderNameFor(workingDir));
  }

  /**
   * Throws a clear error unless the sessions root is (or can become) a writable directory: checked
   * before a conversation starts, so nothing runs that cannot be saved.
   */
  async assertWritable(): Promise<void> {
    assertUsableRoot(this.dir, this.dirFromEnvironment);
  }

  /**
   * Saves the whole session. When only messages were appended since the last save of this same
   * object, only the new messages are written (cost proportional to the message); otherwise the
   * file is rewritten atomically. Throws SessionSaveError with the file left as it was.
   */
  async saveSession(data: SessionData, options: SaveOptions = {}): Promise<SaveReport | void> {
    validateSessionId(data.id);
    if (!options.keepUpdatedAt) data.updated_at = isoNow();
    if (options.claimNew) return this.createFile(data);
    const file = this.targetPath(data);
    return this.writes.save(file, data);
  }

  private targetPath(data: SessionData): string {
    const known = this.writes.get(data);
    if (known && idFromFileName(path.basename(known.path)) === data.id) return known.path;
    const own = path.join(this.folderFor(data.working_dir), `${data.id}.json`);
    const found = findSessionFiles(this.dir, data.id, data.working_dir);
    if (found.length === 1 || (found.length > 1 && found[0] === own)) return found[0];
    return own;
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
    const loaded = await readSessionFile(file, { frozen: options.frozen });
    const data = loaded.data;
    const from = loaded.lazyFrom ?? 0;
    data.messages = repairFrom(data.messages, from);
    const state = loaded.state;
    if (options.frozen && state) {
      // The messages on disk are the ones loaded (plus synthetic results, which differ by identity
      // and so force the rewrite that saves them). A lazy prefix freezes its messages as they are built.
      for (let i = from; i < data.messages.length; i++) deepFreeze(data.messages[i]);
      state.sealed = true;
    }
    this.writes.remember(data, { path: file, state, repaired: loaded.repaired, disk: loaded.disk });
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

  /** True when a session with this id exists in any folder. */
  async hasSession(id: string): Promise<boolean> {
    validateSessionId(id);
    return findSessionFiles(this.dir, id).length > 0;
  }

  /** Writes `data` under its own id in its working directory's folder, replacing what is there. */
  async putSession(data: SessionData): Promise<void> {
    await this.saveSession(data, { keepUpdatedAt: true });
  }

  /** The stored session as it is (the file's bytes; for other stores, its spec JSON). */
  async sessionText(id: string, options: LookupOptions = {}): Promise<Buffer | string> {
    return readFile(await this.sessionPath(id, options));
  }

  /** The stored text of a session from a listing (`listSessions`) of this store. */
  async listedSessionText(summary: SessionSummary): Promise<Buffer | string> {
    return readFile(summary.path);
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
    // A lock left by a process that is gone would outlive its session.
    if (holder === undefined) await unlink(`${file}.lock`).catch(() => {});
    // Backups hold the full conversation (secrets included): they go with the session.
    const backups = await deleteBackups(file);
    report?.push({ path: file, backups });
    return file;
  }

  /** Stores `data` as a new session under the first free id from `baseId` (`_2`, `_3`, ...). */
  async addSession(data: SessionData, baseId: string): Promise<{ id: string; path: string }> {
    data.id = baseId;
    const report = await this.saveSession(data, { keepUpdatedAt: true, claimNew: true });
    return { id: data.id, path: report?.path ?? "" };
  }

  /** A new file under the first free id from `data.id` (an exclusive create: never overwrites). */
  private async createFile(data: SessionData): Promise<SaveReport> {
    const folder = this.folderFor(data.working_dir);
    ensureFolder(this.dir, folder);
    assertSafeTarget(this.dir, path.join(folder, `${data.id}.json`));
    const state = await createExclusive(this.io, folder, data.id, data, (id) => idTaken(this.dir, id));
    this.writes.remember(data, { path: state.path, state, disk: state });
    return { path: state.path, warnings: [] };
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

  /** Checks the store can be used (files: nothing to check; PostgreSQL: connects and migrates). */
  async ping(): Promise<void> {}

  /** Releases what the store holds open (nothing for files; the pool for PostgreSQL). */
  async close(): Promise<void> {}

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

/**
 * repairDanglingToolCalls over messages[from..] only: a compacted session's older messages are
 * loaded lazily (and were whole when it was compacted), so they are not read here.
 */
function repairFrom(messages: SessionData["messages"], from: number): SessionData["messages"] {
  if (from === 0) return repairDanglingToolCalls(messages);
  const tail = messages.slice(from);
  const repaired = repairDanglingToolCalls(tail);
  if (repaired !== tail) messages.splice(from, tail.length, ...repaired);
  return messages;
}

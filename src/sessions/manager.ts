// SessionManager: the SDK's way to create, save, load, list and manage session files.
// Subclasses (the spec's CustomSessionManager, e.g. a database) may override only saveSession and
// loadSession: every other method that reads or writes a whole session goes through those two.
import { copyFile, readFile, unlink } from "node:fs/promises";
import path from "node:path";
import { SessionLoadError, SessionLockedError, SessionNotFoundError } from "../errors.js";
import { repairDanglingToolCalls } from "../messages/repair-tool-calls.js";
import { HEADER_KEYS, isoNow, type SessionData, type SessionMetadata } from "../messages/types.js";
import { createExclusive, timestampId } from "./create.js";
import {
  appendToFile,
  assertSafeTarget,
  canAppend,
  type DiskState,
  ensureFolder,
  rewriteFile,
} from "./disk-writer.js";
import { nodeIo, type SessionIo } from "./io.js";
import { belongsTo, compareNewestFirst, listFolder } from "./list.js";
import { lockHolder, lockSessionFile } from "./lock.js";
import { findSessionFiles, idTaken, resolveSessionFile, sessionFolders } from "./lookup.js";
import { defaultSessionRoot, folderNameFor, idFromFileName, validateSessionId } from "./paths.js";
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

export type ListOptions = ({ workingDir?: string } | { all: true }) & {
  /** Check every file even when its folder looks unchanged (after edits by other programs). */
  rescan?: boolean;
};

interface Known {
  path: string;
  state?: DiskState;
  /** Set when the load dropped a torn tail: the first save keeps a backup of the torn file. */
  repaired?: boolean;
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
    const now = new Date();
    const stamp = isoNow(now);
    const extra = Object.fromEntries(
      Object.entries(options.extra ?? {}).filter(
        ([key]) => !(HEADER_KEYS as readonly string[]).includes(key) && key !== "messages",
      ),
    );
    const data: SessionData = {
      id: timestampId(now),
      working_dir: path.resolve(options.workingDir),
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
    this.known.set(data, { path: state.path, state });
    return data;
  }

  /**
   * Saves the whole session. When only messages were appended since the last save of this same
   * object, only the new messages are written (cost proportional to the message); otherwise the
   * file is rewritten atomically. Throws SessionSaveError with the file left as it was.
   */
  async saveSession(data: SessionData, options: SaveOptions = {}): Promise<void> {
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

  private async writeSession(file: string, data: SessionData): Promise<void> {
    ensureFolder(this.dir, path.dirname(file));
    assertSafeTarget(this.dir, file);
    const known = this.known.get(data);
    const state = known?.path === file ? known.state : undefined;
    if (canAppend(state, data)) {
      const next = await appendToFile(this.io, state, data);
      if (next) {
        this.known.set(data, { path: file, state: next });
        return;
      }
    }
    if (known?.repaired && known.path === file) await this.backup(file);
    this.known.set(data, { path: file });
    const next = await rewriteFile(this.io, file, data);
    this.known.set(data, { path: file, state: next });
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

  private async backup(file: string): Promise<string> {
    const target = `${file}.bak-${timestampId(new Date())}-${process.pid}`;
    await copyFile(file, target);
    return target;
  }

  /**
   * Loads a session by id (the working directory's folder first, then every folder). Tool calls
   * left without results get synthetic error results; a torn end (kill mid-save) is dropped, and
   * the first save afterwards keeps the torn file as `<id>.json.bak-...`.
   */
  async loadSession(id: string, options: LookupOptions = {}): Promise<SessionData> {
    const file = resolveSessionFile(this.dir, id, options.workingDir ?? process.cwd());
    // Loaded on demand: validation pulls in zod, which listing and locking never need.
    const { readSessionFile } = await import("./load.js");
    const loaded = await readSessionFile(file);
    const data = loaded.data;
    data.messages = repairFrom(data.messages, loaded.lazyFrom ?? 0);
    this.known.set(data, { path: file, state: loaded.state, repaired: loaded.repaired });
    return data;
  }

  /** Sessions newest first (by updated_at, then id), read from file heads and a per-folder index. */
  async listSessions(options: ListOptions = {}): Promise<SessionSummary[]> {
    const how = { rescan: options.rescan === true };
    if ("all" in options && options.all) {
      return sessionFolders(this.dir)
        .flatMap((folder) => listFolder(folder, how))
        .sort(compareNewestFirst);
    }
    const workingDir = path.resolve(("workingDir" in options && options.workingDir) || process.cwd());
    const name = folderNameFor(workingDir);
    return listFolder(path.join(this.dir, name), how)
      .filter((summary) => belongsTo(summary, workingDir, name))
      .sort(compareNewestFirst);
  }

  async latestSession(workingDir: string): Promise<SessionSummary | undefined> {
    return (await this.listSessions({ workingDir }))[0];
  }

  async sessionPath(id: string, options: LookupOptions = {}): Promise<string> {
    return resolveSessionFile(this.dir, id, options.workingDir ?? process.cwd());
  }

  /** Deletes a session file; refuses while another process has it open. Returns the path. */
  async deleteSession(id: string, options: LookupOptions = {}): Promise<string> {
    return this.deleteSessionFile(await this.sessionPath(id, options));
  }

  /** Deletes the session file at `file` (a path from listSessions), unless it is in use. */
  async deleteSessionFile(file: string): Promise<string> {
    file = path.resolve(file);
    if (!file.startsWith(this.dir + path.sep)) {
      throw new SessionLoadError(file, "not inside the sessions directory; refusing to delete it");
    }
    const id = idFromFileName(path.basename(file));
    const holder = await lockHolder(file);
    if (holder !== undefined && holder !== process.pid) throw new SessionLockedError(id, holder);
    await unlink(file);
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
      baseId = timestampId(new Date());
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
    this.known.set(data, { path: state.path, state });
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
    return lockSessionFile(id, file);
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

// The PostgreSQL session store, the file store's sibling behind SessionStore (docs/postgres.md): sessions
// and messages as rows (rows.ts, queries.ts), one writer per session through advisory locks
// (locks.ts), a pool that retries while a server comes back (database.ts), listings (listing.ts).
import { SessionLoadError, SessionLockedError, SessionNotFoundError } from "../../errors.js";
import { repairDanglingToolCalls } from "../../messages/repair-tool-calls.js";
import { repairToolOrder } from "../../messages/repair-tool-order.js";
import { isoNow, type Message, type SessionData } from "../../messages/types.js";
import { idCandidate } from "../create.js";
import { deepFreeze } from "../disk-writer.js";
import type { UnlockResult } from "../lock.js";
import type { ListOptions, LoadOptions, LookupOptions, SaveOptions, SaveReport } from "../manager-types.js";
import { canonicalDir, validateSessionId } from "../paths.js";
import type { RepairResult } from "../repair.js";
import { SessionSaveError } from "../save-error.js";
import { serializeSession } from "../serialize.js";
import type { SearchRow, SessionStore } from "../store.js";
import { SessionStoreBase } from "../store-common.js";
import type { SessionSummary } from "../summary.js";
import { describePgError, storeIdentity } from "./connection.js";
import { SessionDatabase } from "./database.js";
import { ListingCache } from "./list-cache.js";
import { listSummaries } from "./listing.js";
import { AdvisoryLocks } from "./locks.js";
import {
  appendMessages,
  deleteSessionRow,
  insertSession,
  rewriteSession,
  type SearchFilter,
  searchMessages,
  selectMessages,
  selectSession,
} from "./queries.js";
import { sessionFromRow } from "./rows.js";

export interface PostgresSessionManagerOptions {
  connectionString: string;
  /** Connections in the pool (default 6). Locks use their own connections. */
  poolSize?: number;
  /** Attempts for a save or load when the connection is lost (default 7: about 10 s, backoff from 100 ms). */
  retries?: number;
  /** Told when a connection problem is being retried (default: stderr once per outage). */
  onWarning?: (text: string) => void;
  /**
   * A folder for a local copy of listings, reused while the server says they are unchanged (the CLI
   * uses ~/.agenix/cache/postgres). Without it every listing reads every row.
   */
  listCacheDir?: string;
}

/** What is in the database for a session object: its messages (by identity), and whether they are frozen. */
interface Saved {
  refs: Message[];
  /** Frozen messages cannot change in place, so "same objects" means "same rows": appending is safe. */
  sealed: boolean;
}

function sealAll(messages: Message[]): Saved {
  for (const message of messages) deepFreeze(message);
  return { refs: [...messages], sealed: true };
}

const MAX_ID_ATTEMPTS = 10_000;

export class PostgresSessionManager extends SessionStoreBase implements SessionStore {
  /** A database keeps no session files. */
  readonly localRoot = undefined;
  /** host:port/database: what messages show (the connection string itself never is). */
  readonly location: string;
  private readonly db: SessionDatabase;
  private readonly locks: AdvisoryLocks;
  private readonly saved = new WeakMap<SessionData, Saved>();
  private readonly saveQueues = new Map<string, Promise<unknown>>();
  private readonly listCache: ListingCache | undefined;

  constructor(options: PostgresSessionManagerOptions) {
    super();
    this.db = new SessionDatabase(options.connectionString, options);
    this.location = this.db.location;
    this.locks = new AdvisoryLocks(options.connectionString, this.location);
    if (options.listCacheDir)
      this.listCache = new ListingCache(
        options.listCacheDir,
        storeIdentity(options.connectionString, this.location),
      );
  }

  /** Where a session lives, for messages and `sessions path`: no credentials. */
  locationOf(id: string): string {
    return `postgres://${this.location}?session=${encodeURIComponent(id)}`;
  }

  folderFor(workingDir: string): string {
    return `postgres://${this.location}?working_dir=${encodeURIComponent(canonicalDir(workingDir))}`;
  }

  /** Nothing local to check: ping() connects. */
  async assertWritable(): Promise<void> {}

  /** Inserts a new session (and its messages) under the first free id from `baseId`. */
  private async insertNew(data: SessionData, baseId: string): Promise<void> {
    await this.db.run("creating a session", async (pool) => {
      for (let attempt = 1; attempt <= MAX_ID_ATTEMPTS; attempt++) {
        data.id = validateSessionId(idCandidate(baseId, attempt));
        if (await insertSession(pool, data)) {
          this.saved.set(data, sealAll(data.messages));
          return;
        }
      }
      throw new SessionSaveError(this.locationOf(baseId), "no free session id");
    });
  }

  /** Saves one after another per session, even if the caller does not await each save. */
  async saveSession(data: SessionData, options: SaveOptions = {}): Promise<SaveReport> {
    validateSessionId(data.id);
    if (!options.keepUpdatedAt) data.updated_at = isoNow();
    const job = () => this.write(data);
    const previous = this.saveQueues.get(data.id) ?? Promise.resolve();
    const run = previous.then(job, job);
    const settled = run.catch(() => {});
    this.saveQueues.set(data.id, settled);
    void settled.then(() => {
      if (this.saveQueues.get(data.id) === settled) this.saveQueues.delete(data.id);
    });
    return run;
  }

  /** Appends when only messages were added since the last save of this object; else rewrites. */
  private async write(data: SessionData): Promise<SaveReport> {
    try {
      await this.db.run("saving", async (pool) => {
        // Inside the retry: after a server restart the lock's own connection is gone too, and
        // taking the lock again waits for the server like the save does.
        await this.locks.ensureHeld(data.id);
        const saved = this.saved.get(data);
        const appendable =
          saved?.sealed === true &&
          data.messages.length >= saved.refs.length &&
          saved.refs.every((message, i) => data.messages[i] === message);
        if (appendable && (await appendMessages(pool, data, saved.refs.length))) return;
        await rewriteSession(pool, data);
      });
      this.saved.set(data, sealAll(data.messages));
      return { path: this.locationOf(data.id), warnings: [] };
    } catch (error) {
      if (error instanceof SessionSaveError || error instanceof SessionLockedError) throw error;
      throw new SessionSaveError(this.locationOf(data.id), describePgError(error));
    }
  }

  /** The stored session (header row + messages) or SessionNotFoundError. */
  private async stored(id: string): Promise<SessionData> {
    validateSessionId(id);
    const found = await this.db.run("loading", async (pool) => {
      const row = await selectSession(pool, id);
      return row && { row, messages: await selectMessages(pool, id) };
    });
    if (!found) throw new SessionNotFoundError(id);
    return sessionFromRow(found.row, found.messages);
  }

  async loadSession(id: string, options: LoadOptions = {}): Promise<SessionData> {
    const raw = await this.stored(id);
    const { validateSession } = await import("../load.js");
    const checked = validateSession(raw);
    if (!checked.data) throw new SessionLoadError(this.locationOf(id), checked.reason ?? "invalid session");
    const data = checked.data;
    const stored = [...data.messages];
    data.messages = repairDanglingToolCalls(data.messages);
    // Like the file store: frozen at once when asked (sessions opened to chat), else editable in
    // place until the next save, which then rewrites.
    if (options.frozen) for (const message of data.messages) deepFreeze(message);
    this.saved.set(data, { refs: stored, sealed: options.frozen === true });
    return data;
  }

  async listSessions(options: ListOptions = {}): Promise<SessionSummary[]> {
    const all = "all" in options && options.all;
    const workingDir = all
      ? undefined
      : canonicalDir(("workingDir" in options && options.workingDir) || process.cwd());
    return listSummaries({
      db: this.db,
      cache: this.listCache,
      workingDir,
      location: (id) => this.locationOf(id),
      rescan: options.rescan,
    });
  }

  async sessionText(id: string, _options: LookupOptions = {}): Promise<string> {
    return serializeSession(await this.stored(id)).text;
  }

  async sessionPath(id: string, _options: LookupOptions = {}): Promise<string> {
    if (!(await this.hasSession(id))) throw new SessionNotFoundError(id);
    return this.locationOf(id);
  }

  async deleteSession(id: string, options: LookupOptions = {}): Promise<string> {
    const release = await this.acquireLock(id, options);
    try {
      await this.db.run("deleting", (pool) => deleteSessionRow(pool, id));
      return this.locationOf(id);
    } finally {
      await release();
    }
  }

  async deleteSessionFile(location: string): Promise<string> {
    const id = new URL(location).searchParams.get("session");
    if (!id) throw new SessionLoadError(location, "not a session of this store; refusing to delete it");
    return this.deleteSession(id);
  }

  async addSession(data: SessionData, baseId: string): Promise<{ id: string; path: string }> {
    await this.insertNew(data, baseId);
    return { id: data.id, path: this.locationOf(data.id) };
  }

  async listedSessionText(summary: SessionSummary): Promise<string> {
    return this.sessionText(summary.id);
  }

  /** Writes `data` under its own id, replacing what is there (for `sessions migrate`). */
  async putSession(data: SessionData): Promise<void> {
    validateSessionId(data.id);
    await this.db.run("saving", (pool) => rewriteSession(pool, data));
    this.saved.set(data, sealAll(data.messages));
  }

  async hasSession(id: string): Promise<boolean> {
    validateSessionId(id);
    return (await this.db.run("reading", (pool) => selectSession(pool, id))) !== undefined;
  }

  /**
   * There are no torn files in a database: repair puts tool results after their calls, drops
   * results no call asked for, renames duplicate call ids and answers interrupted calls.
   */
  async repairSession(id: string, options: LookupOptions = {}): Promise<RepairResult> {
    const release = await this.acquireLock(id, options);
    try {
      const data = await this.loadSession(id);
      const stored = this.saved.get(data)?.refs.length ?? data.messages.length;
      const order = repairToolOrder(data.messages);
      const before = order.messages.length;
      const complete = repairDanglingToolCalls(order.messages);
      const changed = complete !== data.messages || stored !== complete.length;
      data.messages = complete;
      if (changed) await this.saveSession(data, { keepUpdatedAt: true });
      return {
        path: this.locationOf(id),
        messages: data.messages.length,
        skipped: 0,
        addedToolResults: complete.length - before + Math.max(0, before - stored),
        movedToolResults: order.moved,
        droppedToolResults: order.dropped,
        renamedToolCalls: order.renamed,
        changed,
      };
    } finally {
      await release();
    }
  }

  /** Nothing to remove by hand: says whether a live writer holds it (SessionLockedError) or not. */
  async unlockSession(id: string, options: LookupOptions = {}): Promise<UnlockResult> {
    const release = await this.acquireLock(id, options);
    await release();
    return { file: this.locationOf(id), removed: false };
  }

  async acquireLock(id: string, _options: LookupOptions = {}): Promise<() => Promise<void>> {
    if (!(await this.hasSession(id))) throw new SessionNotFoundError(id);
    return this.locks.acquire(id);
  }

  /** Candidate messages for `agenix sessions search` (PostgreSQL full-text search). */
  async searchMessages(filter: SearchFilter): Promise<SearchRow[]> {
    const rows = await this.db.run("searching", (pool) => searchMessages(pool, filter));
    return rows.map((row) => ({ ...row, location: this.locationOf(row.id) }));
  }

  async ping(): Promise<void> {
    await this.db.pool();
  }

  /** Ends the pool and every lock connection. */
  async close(): Promise<void> {
    await this.locks.closeAll();
    await this.db.close();
  }
}

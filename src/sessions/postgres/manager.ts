// PostgresSessionManager: the SessionManager contract on PostgreSQL, for teams and services.
// Saving a message is one INSERT (plus the header row update, in the same statement), never a
// rewrite. One writer per session across machines: a session-level advisory lock held on a
// dedicated connection, released when that connection dies. A lost connection is retried with
// backoff; a save that still fails leaves the in-memory session for the caller to save again.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { SessionLoadError, SessionLockedError, SessionNotFoundError } from "../../errors.js";
import { repairDanglingToolCalls } from "../../messages/repair-tool-calls.js";
import { repairToolOrder } from "../../messages/repair-tool-order.js";
import { isoNow, type Message, type SessionData } from "../../messages/types.js";
import { idCandidate, timestampId } from "../create.js";
import { deepFreeze } from "../disk-writer.js";
import type { UnlockResult } from "../lock.js";
import {
  type ListOptions,
  type LoadOptions,
  type LookupOptions,
  type NewSessionOptions,
  type SaveOptions,
  SessionManager,
} from "../manager.js";
import { validateSessionId } from "../paths.js";
import type { RepairResult } from "../repair.js";
import { SessionSaveError } from "../save-error.js";
import { serializeSession } from "../serialize.js";
import type { SessionSummary } from "../summary.js";
import {
  createPool,
  describeConnection,
  describePgError,
  isConnectionError,
  type Pool,
  SessionStoreError,
} from "./connection.js";
import { AdvisoryLocks } from "./locks.js";
import { migrate } from "./migrations.js";
import {
  firstUserText,
  headerValues,
  SESSION_COLUMNS,
  type SessionRow,
  sessionFromRow,
  summaryFromRow,
} from "./rows.js";

export interface PostgresSessionManagerOptions {
  connectionString: string;
  /** Connections in the pool (default 6). Locks use their own connections. */
  poolSize?: number;
  /** Attempts for a save or load when the connection is lost (default 7: about 10 s, backoff from 100 ms). */
  retries?: number;
  /** Told when a connection problem is being retried (default: stderr once per outage). */
  onWarning?: (text: string) => void;
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

/** Rows per INSERT when writing many messages at once (imports, rewrites). */
const BATCH = 500;
const MAX_ID_ATTEMPTS = 10_000;

export class PostgresSessionManager extends SessionManager {
  /** host:port/database: what messages show (the connection string itself never is). */
  readonly location: string;
  private readonly connectionString: string;
  private readonly poolSize: number;
  private readonly retries: number;
  private readonly warn: (text: string) => void;
  private ready: Promise<Pool> | undefined;
  private readonly saved = new WeakMap<SessionData, Saved>();
  private readonly saveQueues = new Map<string, Promise<unknown>>();
  private readonly locks: AdvisoryLocks;
  private outage = false;
  /** Set once the store answered: only then is a connection error an outage worth waiting out. */
  private connected = false;

  constructor(options: PostgresSessionManagerOptions) {
    super();
    this.connectionString = options.connectionString;
    this.location = describeConnection(options.connectionString);
    this.poolSize = options.poolSize ?? 6;
    this.retries = Math.max(1, options.retries ?? 7);
    this.warn = options.onWarning ?? ((text) => process.stderr.write(`${text}\n`));
    this.locks = new AdvisoryLocks(options.connectionString, this.location);
  }

  /** The pool, connected and migrated (once). Unreachable: a clear error naming host and database. */
  private pool(): Promise<Pool> {
    this.ready ??= (async () => {
      const pool = await createPool(this.connectionString, this.poolSize);
      try {
        await migrate(pool);
      } catch (error) {
        await pool.end().catch(() => {});
        throw new SessionStoreError(
          `Cannot use the PostgreSQL session store at ${this.location}: ${describePgError(error)}. ` +
            "Check that the server is running and AGENIX_SESSION_STORE is right.",
        );
      }
      return pool;
    })();
    this.ready.catch(() => {
      this.ready = undefined;
    });
    return this.ready;
  }

  /** Runs `job`, retrying with backoff while the connection is lost. */
  private async withRetry<T>(what: string, job: (pool: Pool) => Promise<T>): Promise<T> {
    let delay = 100;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await job(await this.pool());
        this.connected = true;
        if (this.outage) {
          this.outage = false;
          this.warn(`agenix: the PostgreSQL session store at ${this.location} is back; saving again.`);
        }
        return result;
      } catch (error) {
        const retryable = this.connected && (isConnectionError(error) || error instanceof SessionStoreError);
        if (!retryable || attempt >= this.retries) throw error;
        if (!this.outage) {
          this.outage = true;
          this.warn(
            `agenix: lost the PostgreSQL session store at ${this.location} while ${what} ` +
              `(${describePgError(error)}); retrying. The session is kept in memory meanwhile.`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 3, 3000);
      }
    }
  }

  /** Where a session lives, for messages and `sessions path`: no credentials. */
  locationOf(id: string): string {
    return `postgres://${this.location}?session=${encodeURIComponent(id)}`;
  }

  override folderFor(workingDir: string): string {
    return `postgres://${this.location}?working_dir=${encodeURIComponent(path.resolve(workingDir))}`;
  }

  override async createSessionData(options: NewSessionOptions): Promise<SessionData> {
    const now = new Date();
    const stamp = isoNow(now);
    const data = {
      id: timestampId(now),
      working_dir: path.resolve(options.workingDir),
      model: options.model,
      created_at: stamp,
      updated_at: stamp,
      metadata: { ...(options.metadata ?? {}) },
      messages: [],
      ...(options.extra ?? {}),
    } as SessionData;
    await this.insertNew(data, data.id);
    return data;
  }

  /** Inserts a new session (and its messages) under the first free id from `baseId`. */
  private async insertNew(data: SessionData, baseId: string): Promise<void> {
    await this.withRetry("creating a session", async (pool) => {
      for (let attempt = 1; attempt <= MAX_ID_ATTEMPTS; attempt++) {
        const id = idCandidate(baseId, attempt);
        validateSessionId(id);
        data.id = id;
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          const inserted = await client.query(
            `INSERT INTO agenix_sessions (${SESSION_COLUMNS.replace(/::text AS \w+/g, "")})
             VALUES ($1, $2, $3, $4, $5, $6::json, $7::json, $8, $9) ON CONFLICT (id) DO NOTHING`,
            headerValues(data),
          );
          if (inserted.rowCount === 0) {
            await client.query("ROLLBACK");
            continue;
          }
          await insertMessages(client, id, data.messages, 0);
          await client.query("COMMIT");
          this.saved.set(data, sealAll(data.messages));
          return;
        } catch (error) {
          await client.query("ROLLBACK").catch(() => {});
          throw error;
        } finally {
          client.release();
        }
      }
      throw new SessionSaveError(this.locationOf(baseId), "no free session id");
    });
  }

  override async saveSession(data: SessionData, options: SaveOptions = {}): Promise<void> {
    validateSessionId(data.id);
    if (!options.keepUpdatedAt) data.updated_at = isoNow();
    const previous = this.saveQueues.get(data.id) ?? Promise.resolve();
    const run = previous.then(
      () => this.write(data),
      () => this.write(data),
    );
    const settled = run.catch(() => {});
    this.saveQueues.set(data.id, settled);
    void settled.then(() => {
      if (this.saveQueues.get(data.id) === settled) this.saveQueues.delete(data.id);
    });
    return run;
  }

  private async write(data: SessionData): Promise<void> {
    try {
      await this.locks.ensureHeld(data.id);
      await this.withRetry("saving", async (pool) => {
        const saved = this.saved.get(data);
        const appendable =
          saved?.sealed === true &&
          data.messages.length >= saved.refs.length &&
          saved.refs.every((message, i) => data.messages[i] === message);
        if (appendable && (await this.append(pool, data, saved.refs.length))) return;
        await this.rewrite(pool, data);
      });
      this.saved.set(data, sealAll(data.messages));
    } catch (error) {
      if (error instanceof SessionSaveError || error instanceof SessionLockedError) throw error;
      throw new SessionSaveError(this.locationOf(data.id), describePgError(error));
    }
  }

  /** New messages and the header in one statement. False when the session row is not there. */
  private async append(pool: Pool, data: SessionData, from: number): Promise<boolean> {
    const fresh = data.messages.slice(from);
    const values = headerValues(data);
    const result = await pool.query(
      `WITH ins AS (
         INSERT INTO agenix_messages (session_id, idx, message)
         SELECT $1, t.idx, t.m::json FROM unnest($10::int[], $11::text[]) AS t(idx, m)
         RETURNING 1)
       UPDATE agenix_sessions SET working_dir = $2, model = $3, created_at = $4, updated_at = $5,
         metadata = $6::json, extra = $7::json, message_count = $8, first_message = $9
       WHERE id = $1 AND message_count = $12 AND (SELECT count(*) FROM ins) = $13`,
      [...values, fresh.map((_, i) => from + i), fresh.map((m) => JSON.stringify(m)), from, fresh.length],
    );
    return result.rowCount === 1;
  }

  /** The whole session, in one transaction (after edits of earlier messages, or a first save). */
  private async rewrite(pool: Pool, data: SessionData): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(
        `INSERT INTO agenix_sessions (${SESSION_COLUMNS.replace(/::text AS \w+/g, "")})
         VALUES ($1, $2, $3, $4, $5, $6::json, $7::json, $8, $9)
         ON CONFLICT (id) DO UPDATE SET working_dir = EXCLUDED.working_dir, model = EXCLUDED.model,
           created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
           metadata = EXCLUDED.metadata, extra = EXCLUDED.extra,
           message_count = EXCLUDED.message_count, first_message = EXCLUDED.first_message`,
        headerValues(data),
      );
      await client.query("DELETE FROM agenix_messages WHERE session_id = $1", [data.id]);
      await insertMessages(client, data.id, data.messages, 0);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  private async row(id: string): Promise<SessionRow | undefined> {
    const result = await this.withRetry("reading", (pool) =>
      pool.query<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM agenix_sessions WHERE id = $1`, [id]),
    );
    return result.rows[0];
  }

  override async loadSession(id: string, options: LoadOptions = {}): Promise<SessionData> {
    validateSessionId(id);
    const row = await this.row(id);
    if (!row) throw new SessionNotFoundError(id);
    const texts = await this.withRetry("loading", (pool) =>
      pool.query<{ m: string }>(
        "SELECT message::text AS m FROM agenix_messages WHERE session_id = $1 ORDER BY idx",
        [id],
      ),
    );
    const messages = texts.rows.map((r) => JSON.parse(r.m) as Message);
    const raw = sessionFromRow(row, messages);
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

  override async listSessions(options: ListOptions = {}): Promise<SessionSummary[]> {
    const all = "all" in options && options.all;
    const workingDir = path.resolve(("workingDir" in options && options.workingDir) || process.cwd());
    const result = await this.withRetry("listing", (pool) =>
      all
        ? pool.query<SessionRow>(
            `SELECT ${SESSION_COLUMNS} FROM agenix_sessions ORDER BY updated_at DESC, id DESC`,
          )
        : pool.query<SessionRow>(
            `SELECT ${SESSION_COLUMNS} FROM agenix_sessions WHERE working_dir = $1 ORDER BY updated_at DESC, id DESC`,
            [workingDir],
          ),
    );
    return result.rows.map((row) => summaryFromRow(row, (id) => this.locationOf(id)));
  }

  override async sessionText(id: string, _options: LookupOptions = {}): Promise<string> {
    validateSessionId(id);
    const row = await this.row(id);
    if (!row) throw new SessionNotFoundError(id);
    const texts = await this.withRetry("loading", (pool) =>
      pool.query<{ m: string }>(
        "SELECT message::text AS m FROM agenix_messages WHERE session_id = $1 ORDER BY idx",
        [id],
      ),
    );
    return serializeSession(
      sessionFromRow(
        row,
        texts.rows.map((r) => JSON.parse(r.m) as Message),
      ),
    ).text;
  }

  override async sessionPath(id: string, _options: LookupOptions = {}): Promise<string> {
    validateSessionId(id);
    if (!(await this.row(id))) throw new SessionNotFoundError(id);
    return this.locationOf(id);
  }

  override async deleteSession(id: string, options: LookupOptions = {}): Promise<string> {
    const release = await this.acquireLock(id, options);
    try {
      await this.withRetry("deleting", (pool) =>
        pool.query("DELETE FROM agenix_sessions WHERE id = $1", [id]),
      );
      return this.locationOf(id);
    } finally {
      await release();
    }
  }

  override async deleteSessionFile(location: string): Promise<string> {
    const id = new URL(location).searchParams.get("session");
    if (!id) throw new SessionLoadError(location, "not a session of this store; refusing to delete it");
    return this.deleteSession(id);
  }

  override async importSession(
    file: string,
    options: { workingDir?: string; id?: string } = {},
  ): Promise<{ id: string; path: string }> {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      throw new SessionLoadError(file, (error as Error).message);
    }
    const { parseSessionBytes } = await import("../load.js");
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
    await this.insertNew(data, baseId);
    return { id: data.id, path: this.locationOf(data.id) };
  }

  /** Writes `data` under its own id, replacing what is there (for `sessions migrate`). */
  async putSession(data: SessionData): Promise<void> {
    validateSessionId(data.id);
    await this.withRetry("saving", (pool) => this.rewrite(pool, data));
    this.saved.set(data, sealAll(data.messages));
  }

  /** True when a session with this id exists. */
  async hasSession(id: string): Promise<boolean> {
    return (await this.row(id)) !== undefined;
  }

  /**
   * There are no torn files in a database: repair puts tool results after their calls, drops
   * results no call asked for, renames duplicate call ids and answers interrupted calls.
   */
  override async repairSession(id: string, options: LookupOptions = {}): Promise<RepairResult> {
    const release = await this.acquireLock(id, options);
    try {
      const data = await this.loadSession(id);
      const stored = this.saved.get(data)?.refs.length ?? data.messages.length;
      const order = repairToolOrder(data.messages);
      const before = order.messages.length;
      const complete = repairDanglingToolCalls(order.messages);
      const added = complete.length - before;
      const changed = complete !== data.messages || stored !== complete.length;
      data.messages = complete;
      if (changed) await this.saveSession(data, { keepUpdatedAt: true });
      return {
        path: this.locationOf(id),
        messages: data.messages.length,
        skipped: 0,
        addedToolResults: added + (stored < before ? before - stored : 0),
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
  override async unlockSession(id: string, options: LookupOptions = {}): Promise<UnlockResult> {
    const release = await this.acquireLock(id, options);
    await release();
    return { file: this.locationOf(id), removed: false };
  }

  override async acquireLock(id: string, _options: LookupOptions = {}): Promise<() => Promise<void>> {
    validateSessionId(id);
    if (!(await this.row(id))) throw new SessionNotFoundError(id);
    return this.locks.acquire(id);
  }

  override async ping(): Promise<void> {
    await this.pool();
  }

  /** Ends the pool and every lock connection. */
  override async close(): Promise<void> {
    await this.locks.closeAll();
    const ready = this.ready;
    this.ready = undefined;
    if (ready) await (await ready.catch(() => undefined))?.end().catch(() => {});
  }
}

async function insertMessages(
  client: { query: Pool["query"] },
  id: string,
  messages: Message[],
  from: number,
): Promise<void> {
  for (let start = from; start < messages.length; start += BATCH) {
    const batch = messages.slice(start, start + BATCH);
    await client.query(
      "INSERT INTO agenix_messages (session_id, idx, message) SELECT $1, t.idx, t.m::json FROM unnest($2::int[], $3::text[]) AS t(idx, m)",
      [id, batch.map((_, i) => start + i), batch.map((m) => JSON.stringify(m))],
    );
  }
}

// One writer per session across machines: `pg_try_advisory_lock` on a connection of its own,
// held while the session is open. PostgreSQL releases it when that connection ends (process
// killed, machine gone), so a dead writer never blocks a session for long.
import type { Client } from "pg";
import { SessionLockedError } from "../../errors.js";
import { describePgError, SessionStoreError } from "./connection.js";

/** The advisory lock "class" of agenix sessions (first key); the second is hashtext(id). */
const LOCK_CLASS = 74_110;

interface Held {
  client: Client;
  lost: boolean;
  count: number;
}

export class AdvisoryLocks {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly connectionString: string,
    private readonly location: string,
  ) {}

  private async connect(): Promise<Client> {
    const pg = (await import("pg")).default;
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: `agenix pid ${process.pid}`,
      connectionTimeoutMillis: Number(process.env.AGENIX_PG_CONNECT_TIMEOUT_MS ?? 5000),
    });
    client.on("error", () => {});
    try {
      await client.connect();
    } catch (error) {
      throw new SessionStoreError(
        `Cannot use the PostgreSQL session store at ${this.location}: ${describePgError(error)}`,
      );
    }
    return client;
  }

  /** Takes the session's lock; throws SessionLockedError naming the holder when another has it. */
  async acquire(id: string): Promise<() => Promise<void>> {
    const mine = this.held.get(id);
    if (mine && !mine.lost) {
      mine.count++;
      return this.releaser(id, mine);
    }
    const entry = await this.take(id);
    return this.releaser(id, entry);
  }

  private async take(id: string): Promise<Held> {
    const client = await this.connect();
    const result = await client.query<{ ok: boolean }>(
      "SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok",
      [LOCK_CLASS, id],
    );
    if (!result.rows[0]?.ok) {
      const holder = await holderOf(client, id).catch(() => undefined);
      await client.end().catch(() => {});
      throw new SessionLockedError(id, {
        file: `the PostgreSQL advisory lock at ${this.location}`,
        pid: holder?.pid,
        hostname: holder?.host,
        releasedWithConnection: true,
      });
    }
    const entry: Held = { client, lost: false, count: 1 };
    const lose = () => {
      entry.lost = true;
    };
    client.on("error", lose);
    client.on("end", lose);
    this.held.set(id, entry);
    return entry;
  }

  private releaser(id: string, entry: Held): () => Promise<void> {
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      entry.count--;
      if (entry.count > 0) return;
      if (this.held.get(id) === entry) this.held.delete(id);
      if (!entry.lost)
        await entry.client
          .query("SELECT pg_advisory_unlock($1, hashtext($2))", [LOCK_CLASS, id])
          .catch(() => {});
      await entry.client.end().catch(() => {});
    };
  }

  /**
   * Before a save: if this process held the lock and its connection died (server restart), take
   * it again, or fail with "in use" when another writer took it meanwhile.
   */
  async ensureHeld(id: string): Promise<void> {
    const entry = this.held.get(id);
    if (!entry?.lost) return;
    const fresh = await this.take(id);
    fresh.count = entry.count;
    await entry.client.end().catch(() => {});
  }

  async closeAll(): Promise<void> {
    const entries = [...this.held.values()];
    this.held.clear();
    await Promise.all(entries.map((entry) => entry.client.end().catch(() => {})));
  }
}

/** Who holds a session's lock: the agenix pid (from application_name) and the client's host. */
async function holderOf(client: Client, id: string): Promise<{ pid: number; host?: string } | undefined> {
  const result = await client.query<{ application_name: string; host: string | null }>(
    `SELECT a.application_name, COALESCE(a.client_hostname, host(a.client_addr)) AS host
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1
        AND l.objid = (hashtext($2)::bigint & 4294967295)::bigint::oid`,
    [LOCK_CLASS, id],
  );
  const row = result.rows[0];
  if (!row) return undefined;
  const pid = Number(/agenix pid (\d+)/.exec(row.application_name)?.[1] ?? 0);
  return { pid, host: row.host ?? undefined };
}

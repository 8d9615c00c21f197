// The connection side of the PostgreSQL store: a pool that is connected and migrated once, and
// a retry loop for when the server goes away mid-run (restart, network blip). The first contact
// fails fast with a clear error instead: an unreachable store must stop agenix before it starts.
import {
  createPool,
  describeConnection,
  describePgError,
  isConnectionError,
  type Pool,
  SessionStoreError,
} from "./connection.js";
import { migrate } from "./migrations.js";

export interface DatabaseOptions {
  poolSize?: number;
  /** Attempts once the store has answered (default 7: about 10 s, backoff from 100 ms). */
  retries?: number;
  onWarning?: (text: string) => void;
}

export class SessionDatabase {
  /** host:port/database: what messages show (the connection string itself never is). */
  readonly location: string;
  private ready: Promise<Pool> | undefined;
  private connected = false;
  private outage = false;
  private readonly retries: number;
  private readonly warn: (text: string) => void;

  constructor(
    private readonly connectionString: string,
    private readonly options: DatabaseOptions = {},
  ) {
    this.location = describeConnection(connectionString);
    this.retries = Math.max(1, options.retries ?? 7);
    this.warn = options.onWarning ?? ((text) => process.stderr.write(`${text}\n`));
  }

  /** The pool, connected and migrated (once). Unreachable: a clear error naming host and database. */
  pool(): Promise<Pool> {
    this.ready ??= (async () => {
      const pool = await createPool(this.connectionString, this.options.poolSize ?? 6);
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

  /** Runs `job`, retrying with backoff while a connection that worked before is lost. */
  async run<T>(what: string, job: (pool: Pool) => Promise<T>): Promise<T> {
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

  async close(): Promise<void> {
    const ready = this.ready;
    this.ready = undefined;
    if (ready) await (await ready.catch(() => undefined))?.end().catch(() => {});
  }
}

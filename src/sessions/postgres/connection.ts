// Connecting to PostgreSQL: a pool from a connection string that is never printed or saved.
// Errors name only the host and the database. `pg` is loaded on first use, so the file store
// (the default) never pays for it.
import type { Pool, PoolClient } from "pg";
import { AgenixError } from "../../errors.js";

/** The store could not be reached or answered with an error. */
export class SessionStoreError extends AgenixError {}

/** `host:port/database` of a connection string: what errors may show (no user, no password). */
export function describeConnection(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    const host = url.hostname || url.searchParams.get("host") || "localhost";
    const port = url.port || "5432";
    const database = decodeURIComponent(url.pathname.replace(/^\//, "")) || "(default database)";
    return `${host}:${port}/${database}`;
  } catch {
    return "(unparsable connection string)";
  }
}

/** `user@host:port/database`: which store and role a listing cache belongs to (never the password). */
export function storeIdentity(connectionString: string, location: string): string {
  try {
    return `${decodeURIComponent(new URL(connectionString).username)}@${location}`;
  } catch {
    return location;
  }
}

export function isPostgresUrl(value: string | undefined): boolean {
  return value !== undefined && /^postgres(ql)?:\/\//i.test(value.trim());
}

/** A short reason for a pg error, without the connection string. */
export function describePgError(error: unknown): string {
  const err = error as { code?: string; message?: string };
  const message = err?.message ?? String(error);
  return err?.code ? `${message} (${err.code})` : message;
}

/** Errors that mean "the server went away or is not there (yet)": worth retrying. */
export function isConnectionError(error: unknown): boolean {
  const err = error as { code?: string; message?: string };
  const code = err?.code ?? "";
  if (["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN"].includes(code))
    return true;
  // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 08* connection exceptions.
  if (/^(57P0[123]|08)/.test(code)) return true;
  return /Connection terminated|connection is closed|Client has encountered a connection error|not queryable|timeout exceeded when trying to connect/i.test(
    err?.message ?? "",
  );
}

export async function createPool(connectionString: string, max = 6): Promise<Pool> {
  const pg = (await import("pg")).default;
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: Number(process.env.AGENIX_PG_CONNECT_TIMEOUT_MS ?? 10_000),
    idleTimeoutMillis: 10_000,
    // Idle pooled connections never keep a finished command alive.
    allowExitOnIdle: true,
    application_name: `agenix pid ${process.pid}`,
  });
  // An idle client whose server died emits 'error' on the pool: it is dropped and replaced on the
  // next checkout; without a listener Node would crash the process.
  pool.on("error", () => {});
  return pool;
}

export type { Pool, PoolClient };

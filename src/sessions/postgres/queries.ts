// The SQL of the PostgreSQL store, one function per statement or transaction. Parameters only:
// no value is ever spliced into SQL text.
import type { Message, SessionData } from "../../messages/types.js";
import type { Pool, PoolClient } from "./connection.js";
import { headerValues, SESSION_COLUMNS, type SessionRow, SUMMARY_COLUMNS, type SummaryRow } from "./rows.js";

/** Rows per INSERT when writing many messages at once (imports, rewrites). */
const BATCH = 500;
const INSERT_COLUMNS = SESSION_COLUMNS.replace(/::text AS \w+/g, "");

type Queryable = Pick<Pool, "query"> | PoolClient;

export async function selectSession(pool: Pool, id: string): Promise<SessionRow | undefined> {
  const result = await pool.query<SessionRow>(
    `SELECT ${SESSION_COLUMNS} FROM agenix_sessions WHERE id = $1`,
    [id],
  );
  return result.rows[0];
}

export async function selectMessages(pool: Pool, id: string): Promise<Message[]> {
  const result = await pool.query<{ m: string }>(
    "SELECT message::text AS m FROM agenix_messages WHERE session_id = $1 ORDER BY idx",
    [id],
  );
  return result.rows.map((row) => JSON.parse(row.m) as Message);
}

/**
 * Every session's summary row (of one working directory, or all when `workingDir` is undefined),
 * unsorted: the caller sorts with the file store's comparator. A server-side ORDER BY sorts whole
 * rows before sending the first one, which costs more than sorting the summaries here.
 */
export async function selectSummaries(pool: Pool, workingDir: string | undefined): Promise<SummaryRow[]> {
  const result = await pool.query<SummaryRow>({
    text: `SELECT ${SUMMARY_COLUMNS} FROM agenix_sessions${workingDir === undefined ? "" : " WHERE working_dir = $1"}`,
    values: workingDir === undefined ? [] : [workingDir],
    rowMode: "array",
  });
  return result.rows;
}

/** The summary rows in the scope written after version `after` (xmin compared as a number). */
export async function selectSummariesAfter(
  pool: Pool,
  workingDir: string | undefined,
  after: number,
): Promise<SummaryRow[]> {
  const result = await pool.query<SummaryRow>({
    text:
      `SELECT ${SUMMARY_COLUMNS} FROM agenix_sessions WHERE xmin::text::bigint > $1` +
      (workingDir === undefined ? "" : " AND working_dir = $2"),
    values: workingDir === undefined ? [after] : [after, workingDir],
    rowMode: "array",
  });
  return result.rows;
}

/**
 * What changes whenever a listing of the same scope would: the rows' count and two sums over each
 * row's version (xmin, the transaction that last wrote it): the versions, and the versions mixed
 * (times a large prime, modulo another) so that two different sets of versions practically never
 * give the same pair. `fingerprintOf` computes the same from versions known to the client.
 */
export async function listingFingerprint(pool: Pool, workingDir: string | undefined): Promise<string> {
  const text =
    "SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) || ':' || " +
    `coalesce(sum(xmin::text::bigint * ${MIX} % ${MODULUS}), 0) FROM agenix_sessions`;
  const result =
    workingDir === undefined
      ? await pool.query<[string]>({ text, rowMode: "array" })
      : await pool.query<[string]>({
          text: `${text} WHERE working_dir = $1`,
          values: [workingDir],
          rowMode: "array",
        });
  return result.rows[0][0];
}

// A version (< 2^32) times MIX (< 2^31 - 1) stays below 2^63: no overflow in a bigint.
const MIX = 2_147_483_629n;
const MODULUS = 2_147_483_647n;

/** listingFingerprint of rows with these versions. */
export function fingerprintOf(versions: number[]): string {
  let sum = 0n;
  let mixed = 0n;
  for (const version of versions) {
    const v = BigInt(version);
    sum += v;
    mixed += (v * MIX) % MODULUS;
  }
  return `${versions.length}:${sum}:${mixed}`;
}

export async function deleteSessionRow(pool: Pool, id: string): Promise<void> {
  await pool.query("DELETE FROM agenix_sessions WHERE id = $1", [id]);
}

async function inTransaction<T>(pool: Pool, job: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await job(client);
    await client.query("COMMIT");
    client.release();
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    // A client whose connection broke must not go back to the pool.
    client.release(error as Error);
    throw error;
  }
}

/** Inserts a new session with its messages; false (nothing written) when the id is taken. */
export function insertSession(pool: Pool, data: SessionData): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    const inserted = await client.query(
      `INSERT INTO agenix_sessions (${INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6::json, $7::json, $8, $9)
       ON CONFLICT (id) DO NOTHING`,
      headerValues(data),
    );
    if (inserted.rowCount === 0) return false;
    await insertMessages(client, data.id, data.messages, 0);
    return true;
  });
}

/**
 * The messages from `from` on and the header, in one statement. False when the stored session is
 * not the one expected (no row, or a different message count): the caller rewrites instead.
 */
export async function appendMessages(pool: Pool, data: SessionData, from: number): Promise<boolean> {
  const fresh = data.messages.slice(from);
  const result = await pool.query(
    `WITH ins AS (
       INSERT INTO agenix_messages (session_id, idx, message)
       SELECT $1, t.idx, t.m::json FROM unnest($10::int[], $11::text[]) AS t(idx, m)
       RETURNING 1)
     UPDATE agenix_sessions SET working_dir = $2, model = $3, created_at = $4, updated_at = $5,
       metadata = $6::json, extra = $7::json, message_count = $8, first_message = $9
     WHERE id = $1 AND message_count = $12 AND (SELECT count(*) FROM ins) = $13`,
    [
      ...headerValues(data),
      fresh.map((_, i) => from + i),
      fresh.map((m) => JSON.stringify(m)),
      from,
      fresh.length,
    ],
  );
  return result.rowCount === 1;
}

/** The whole session, in one transaction (after edits of earlier messages, imports, migration). */
export function rewriteSession(pool: Pool, data: SessionData): Promise<void> {
  return inTransaction(pool, async (client) => {
    await client.query(
      `INSERT INTO agenix_sessions (${INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6::json, $7::json, $8, $9)
       ON CONFLICT (id) DO UPDATE SET working_dir = EXCLUDED.working_dir, model = EXCLUDED.model,
         created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at,
         metadata = EXCLUDED.metadata, extra = EXCLUDED.extra,
         message_count = EXCLUDED.message_count, first_message = EXCLUDED.first_message`,
      headerValues(data),
    );
    await client.query("DELETE FROM agenix_messages WHERE session_id = $1", [data.id]);
    await insertMessages(client, data.id, data.messages, 0);
  });
}

async function insertMessages(
  client: Queryable,
  id: string,
  messages: Message[],
  from: number,
): Promise<void> {
  for (let start = from; start < messages.length; start += BATCH) {
    const batch = messages.slice(start, start + BATCH);
    await client.query(
      `INSERT INTO agenix_messages (session_id, idx, message)
       SELECT $1, t.idx, t.m::json FROM unnest($2::int[], $3::text[]) AS t(idx, m)`,
      [id, batch.map((_, i) => start + i), batch.map((m) => JSON.stringify(m))],
    );
  }
}

export interface SearchFilter {
  /** Every word must be a word of the message (PostgreSQL full-text, 'simple' configuration). */
  words: string[];
  /** Every phrase must appear as a phrase. */
  phrases: string[];
  role?: string;
  /** ISO timestamps (the spec's format sorts as text). */
  since?: string;
  until?: string;
  model?: string;
  tag?: string;
  workingDir?: string;
  /** Candidate rows at most (the caller checks, ranks and cuts them). */
  limit: number;
}

export interface SearchRow {
  id: string;
  working_dir: string;
  model: string;
  updated_at: string;
  metadata: string;
  idx: number;
  message: string;
}

/** Messages matching a search, newest sessions first: candidates for the caller's exact check. */
export async function searchMessages(pool: Pool, filter: SearchFilter): Promise<SearchRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const vector = "to_tsvector('simple', m.message::text)";
  if (filter.words.length)
    where.push(`${vector} @@ plainto_tsquery('simple', ${param(filter.words.join(" "))})`);
  for (const phrase of filter.phrases)
    where.push(`${vector} @@ phraseto_tsquery('simple', ${param(phrase)})`);
  if (filter.role) where.push(`m.message->>'role' = ${param(filter.role)}`);
  if (filter.since) where.push(`m.message->>'timestamp' >= ${param(filter.since)}`);
  if (filter.until) where.push(`m.message->>'timestamp' <= ${param(filter.until)}`);
  if (filter.model) where.push(`COALESCE(m.message->>'model', s.model) = ${param(filter.model)}`);
  if (filter.tag) where.push(`(s.metadata::jsonb -> 'tags') ? ${param(filter.tag)}`);
  if (filter.workingDir) where.push(`s.working_dir = ${param(filter.workingDir)}`);
  const result = await pool.query<SearchRow>(
    `SELECT s.id, s.working_dir, s.model, s.updated_at, s.metadata::text AS metadata, m.idx, m.message::text AS message
       FROM agenix_messages m JOIN agenix_sessions s ON s.id = m.session_id
      ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY s.updated_at DESC, m.idx DESC LIMIT ${param(filter.limit)}`,
    params,
  );
  return result.rows;
}

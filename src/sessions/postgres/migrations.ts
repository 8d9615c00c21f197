// Versioned schema migrations, applied in order at connect time. Two processes migrating at once
// are safe: one session-level advisory lock serialises them, each migration runs in a transaction, and
// `agenix_schema_migrations` records what ran. Never edit a released migration: add the next one.
import type { Pool, PoolClient } from "pg";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "sessions and messages",
    sql: `
      CREATE TABLE agenix_sessions (
        id text PRIMARY KEY,
        working_dir text NOT NULL,
        model text NOT NULL,
        created_at text NOT NULL,
        updated_at text NOT NULL,
        -- json (not jsonb) keeps key order, so a session round-trips to the exact spec JSON.
        metadata json NOT NULL,
        extra json NOT NULL,
        message_count integer NOT NULL DEFAULT 0,
        first_message text
      );
      CREATE INDEX agenix_sessions_dir_updated ON agenix_sessions (working_dir, updated_at DESC, id DESC);
      CREATE INDEX agenix_sessions_updated ON agenix_sessions (updated_at DESC, id DESC);
      CREATE TABLE agenix_messages (
        session_id text NOT NULL REFERENCES agenix_sessions (id) ON DELETE CASCADE,
        idx integer NOT NULL,
        message json NOT NULL,
        PRIMARY KEY (session_id, idx)
      );
    `,
  },
  {
    version: 2,
    name: "full-text index on messages",
    sql: `CREATE INDEX agenix_messages_fts ON agenix_messages USING gin (to_tsvector('simple', message::text));`,
  },
];

/** Any fixed number: the transaction-level advisory lock that serialises migrations. */
const MIGRATION_LOCK = 7_411_000_001;

/** Whether every migration is recorded: one read, no lock (false when the table is not there yet). */
async function upToDate(client: PoolClient, migrations: Migration[]): Promise<boolean> {
  try {
    const done = await client.query<{ version: number }>("SELECT version FROM agenix_schema_migrations");
    const have = new Set(done.rows.map((row) => row.version));
    return migrations.every((migration) => have.has(migration.version));
  } catch {
    return false;
  }
}

export async function migrate(pool: Pool, migrations: Migration[] = MIGRATIONS): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  // Every command connects: when the schema is current (the usual case) one read decides it.
  if (await upToDate(client, migrations)) {
    client.release();
    return applied;
  }
  try {
    // A session-level lock around everything: concurrent CREATE TABLE IF NOT EXISTS can still
    // collide on the catalog, so the first migrator runs alone and the others then find it done.
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS agenix_schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = await client.query<{ version: number }>("SELECT version FROM agenix_schema_migrations");
    const have = new Set(done.rows.map((row) => row.version));
    for (const migration of migrations) {
      if (have.has(migration.version)) continue;
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query("INSERT INTO agenix_schema_migrations (version, name) VALUES ($1, $2)", [
          migration.version,
          migration.name,
        ]);
        await client.query("COMMIT");
        applied.push(migration.version);
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
  return applied;
}

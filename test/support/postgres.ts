// Helpers for tests against the PostgreSQL store: the server URL and a fresh database per test file.
import { randomBytes } from "node:crypto";
import pg from "pg";

/** The test server's URL (see postgres-global.ts); throws with what to install when there is none. */
export function pgServerUrl(): string {
  const url = process.env.AGENIX_TEST_PG_URL;
  if (!url) {
    throw new Error(
      process.env.AGENIX_TEST_PG_ERROR ??
        "AGENIX_TEST_PG_URL is not set and no PostgreSQL server could be started (apt-get install postgresql)",
    );
  }
  return url;
}

/** Creates an empty database and returns its URL, plus a function that drops it. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = pgServerUrl();
  const name = `agenix_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

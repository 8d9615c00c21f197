// Which session store to use: files (the default) or PostgreSQL when AGENIX_SESSION_STORE (or the
// `sessionStore` setting) is a postgres:// URL. PostgreSQL code and `pg` load only in that case.
import { homedir } from "node:os";
import path from "node:path";
import { ConfigError } from "../errors.js";
import { FileSessionStore } from "./file-store.js";
import { isPostgresUrl } from "./postgres/connection.js";
import type { SessionStore } from "./store.js";

export interface StoreChoice {
  /** AGENIX_SESSION_STORE or the sessionStore setting: "files", a folder, or a postgres:// URL. */
  store?: string;
  env?: NodeJS.ProcessEnv;
}

/** "files" (default), "files:<dir>" / a folder path, or a postgres:// URL. */
export async function openSessionStore(choice: StoreChoice = {}): Promise<SessionStore> {
  const env = choice.env ?? process.env;
  // A settings file (sessionStore) outranks the environment, as for every other setting.
  const spec = (choice.store || env.AGENIX_SESSION_STORE || "").trim();
  const store = await storeFromSpec(spec);
  // Unreachable at start: a clear error now, before any model call or half-written session.
  await store.ping();
  return store;
}

export async function storeFromSpec(spec: string): Promise<SessionStore> {
  if (spec === "" || spec === "files" || spec === "file") return new FileSessionStore();
  if (isPostgresUrl(spec)) {
    const { PostgresSessionManager } = await import("./postgres/manager.js");
    // Listings are cached beside the other per-user state (see postgres/list-cache.ts).
    const home = process.env.HOME || homedir();
    return new PostgresSessionManager({
      connectionString: spec,
      listCacheDir: path.join(home, ".agenix", "cache", "postgres"),
    });
  }
  if (spec.startsWith("files:") || spec.startsWith("/")) {
    return new FileSessionStore({ dir: spec.startsWith("files:") ? spec.slice(6) : spec });
  }
  throw new ConfigError(
    `Unknown session store "${spec.replace(/:\/\/.*/, "://…")}" (AGENIX_SESSION_STORE): use "files", ` +
      "files:<folder>, or a postgres://user@host:port/database URL.",
  );
}

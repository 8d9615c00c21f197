// The two session stores behind one contract, for tests that run the same list against both.
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { FileSessionStore } from "../../src/sessions/file-store.js";
import { PostgresSessionManager } from "../../src/sessions/postgres/manager.js";
import type { SessionStore } from "../../src/sessions/store.js";
import { makeTempRoot } from "../sessions/helpers.js";
import { freshDatabase } from "../support/postgres.js";

export interface StoreUnderTest {
  /** A new manager on the same store (another "process"). */
  open(): SessionStore;
  /** What AGENIX_SESSION_STORE / AGENIX_SESSION_DIR must be for the binary to use this store. */
  env: Record<string, string>;
  workDir: string;
  cleanup(): Promise<void>;
}

export type StoreKind = "files" | "postgres";
export const STORE_KINDS: StoreKind[] = ["files", "postgres"];

export async function makeStore(kind: StoreKind): Promise<StoreUnderTest> {
  const temp = makeTempRoot();
  const managers: SessionStore[] = [];
  if (kind === "files") {
    return {
      open: () => new FileSessionStore({ dir: temp.root }),
      env: { AGENIX_SESSION_DIR: temp.root },
      workDir: temp.workDir,
      cleanup: temp.cleanup,
    };
  }
  const db = await freshDatabase();
  return {
    open: () => {
      // With a listing cache, as the CLI opens it: every listing in the contract goes through it.
      const manager = new PostgresSessionManager({
        connectionString: db.url,
        onWarning: () => {},
        listCacheDir: path.join(temp.base, "listing-cache"),
      });
      managers.push(manager);
      return manager;
    },
    env: { AGENIX_SESSION_STORE: db.url, AGENIX_SESSION_DIR: temp.root },
    workDir: temp.workDir,
    cleanup: async () => {
      await Promise.all(managers.map((m) => m.close()));
      await db.drop();
      await temp.cleanup();
    },
  };
}

const HOLD_LOCK = new URL("./hold-lock.ts", import.meta.url).pathname;

/** A child process holding a session's lock: `end()` lets it release and exit, `kill()` is kill -9. */
export async function holdLock(
  store: StoreUnderTest,
  id: string,
): Promise<{ end(): Promise<void>; kill(): void }> {
  const child = spawn(process.execPath, ["--import", "tsx", HOLD_LOCK, id, store.workDir], {
    env: { ...process.env, ...store.env },
    stdio: ["pipe", "pipe", "inherit"],
  });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.includes("locked\n")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`lock holder exited early (${code}): ${out}`)));
  });
  const exited = once(child, "exit");
  return {
    end: async () => {
      child.stdin.end();
      await exited;
    },
    kill: () => {
      child.kill("SIGKILL");
    },
  };
}

/** Retries `attempt` until it resolves (a condition that becomes true soon), at most `ms`. */
export async function waitFor<T>(attempt: () => Promise<T>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

// What every `sessions` command needs: the manager and the directory to look sessions up from.
import path from "node:path";
import type { SessionManager } from "../../sessions/manager.js";
import { openSessionStore } from "../../sessions/open-store.js";

export type CommandOptions = Record<string, unknown>;

export function workingDirOf(options: CommandOptions): string {
  const given = options.workingDir;
  return typeof given === "string" && given !== "" ? path.resolve(given) : process.cwd();
}

let store: Promise<SessionManager> | undefined;

/** The session store of this process: files, or PostgreSQL when AGENIX_SESSION_STORE says so. */
export function managerFor(): Promise<SessionManager> {
  store ??= openSessionStore();
  return store;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

// What every `sessions` command needs: the manager and the directory to look sessions up from.
import { existsSync } from "node:fs";
import { parentLink } from "../../messages/subagent-link.js";
import type { SessionData } from "../../messages/types.js";
import { openSessionStore } from "../../sessions/open-store.js";
import { resolveDir } from "../../sessions/paths.js";
import type { SessionStore } from "../../sessions/store.js";
import { SCOPES, settingsPath } from "../../settings/paths.js";
import { writeJson } from "../output.js";

export type CommandOptions = Record<string, unknown>;

export function workingDirOf(options: CommandOptions): string {
  const given = options.workingDir;
  return resolveDir(typeof given === "string" ? given : undefined, process.cwd(), process.env);
}

let store: Promise<SessionStore> | undefined;

/**
 * The session store of this process: files, or PostgreSQL when the `sessionStore` setting or
 * AGENIX_SESSION_STORE says so. Settings files (and zod) are read only when one exists, so
 * `sessions list` stays fast for everyone else.
 */
export function managerFor(): Promise<SessionStore> {
  store ??= (async () => {
    const location = { cwd: process.cwd() };
    const anyFile = SCOPES.some((scope) => existsSync(settingsPath(scope, location)));
    if (!anyFile) return openSessionStore();
    const { loadSettings } = await import("../../settings/load.js");
    const loaded = await loadSettings(location);
    return openSessionStore({ store: loaded.values.sessionStore });
  })();
  return store;
}

/** The sessions of the subagents `data` started (same working directory, metadata.parent naming it). */
export async function subagentSessions(manager: SessionStore, data: SessionData): Promise<SessionData[]> {
  const listed = await manager.listSessions({ workingDir: data.working_dir });
  const ids = listed.filter((s) => parentLink(s.metadata)?.session_id === data.id).map((s) => s.id);
  return Promise.all(ids.map((id) => manager.loadSession(id, { workingDir: data.working_dir })));
}

export function printJson(value: unknown): void {
  writeJson(value);
}

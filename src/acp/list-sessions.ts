// session/list: the stored sessions (any front end's), newest first, optionally of one folder, 100 a
// page. The cursor is the offset of the next page.
import path from "node:path";
import { type ListSessionsRequest, type ListSessionsResponse, RequestError } from "@agentclientprotocol/sdk";
import { resolveRunConfig } from "../run/config.js";
import { openSessionStore } from "../sessions/open-store.js";
import { loadSettings } from "../settings/load.js";

const PAGE = 100;

export async function listSessions(params: ListSessionsRequest): Promise<ListSessionsResponse> {
  const cwd = params.cwd ?? undefined;
  if (cwd !== undefined && !path.isAbsolute(cwd)) {
    throw RequestError.invalidParams(undefined, `cwd must be an absolute path, got ${JSON.stringify(cwd)}.`);
  }
  const start = params.cursor ? Number(params.cursor) : 0;
  if (!Number.isSafeInteger(start) || start < 0) {
    throw RequestError.invalidParams(
      undefined,
      `Invalid cursor ${JSON.stringify(params.cursor)}: pass a nextCursor from a previous answer.`,
    );
  }
  const env = process.env;
  const where = cwd ?? process.cwd();
  const loaded = await loadSettings({ cwd: where, env, trust: false });
  const config = resolveRunConfig({ front: "cli", options: {}, env, loaded, workingDir: where });
  const store = await openSessionStore({ store: config.sessionStore });
  const all = await store.listSessions(cwd === undefined ? { all: true } : { workingDir: cwd });
  all.sort((a, b) => b.updated_at.localeCompare(a.updated_at));
  const page = all.slice(start, start + PAGE);
  return {
    sessions: page.map((s) => ({
      sessionId: s.id,
      cwd: s.working_dir,
      title: s.metadata.name ?? s.first_message ?? null,
      updatedAt: s.updated_at,
    })),
    nextCursor: start + PAGE < all.length ? String(start + PAGE) : null,
  };
}

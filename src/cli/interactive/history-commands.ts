// /search, /fork and /rewind: the history commands of interactive mode (docs/history.md).
import type { SearchHit } from "../../history/search/query-language.js";
import type { SessionSummary } from "../../sessions/summary.js";
import type { CommandResult } from "./commands.js";
import { type ChatSession, hasSessionFile } from "./types.js";

/** What the history commands need from the rest of agenix (start.ts wires in the real code). */
export interface HistoryActions {
  search(query: string): Promise<SearchHit[]>;
  /** Forks the session at `at` messages (default all); resolves to the new session's id. */
  fork(session: ChatSession, at: number | undefined): Promise<string>;
}

export const HISTORY_COMMANDS = [
  { name: "/search", args: "<query>", help: "search every session; Enter loads the one picked" },
  {
    name: "/fork",
    args: "[N]",
    help: "continue in a copy of this session (first N messages); this one is kept",
  },
  {
    name: "/rewind",
    args: "",
    help: "pick one of your messages; rewind the conversation, the files, or both",
  },
];

/** Hits as picker rows, one per session (its best hit first), the snippet as the label. */
export function hitsToSummaries(hits: SearchHit[]): SessionSummary[] {
  const seen = new Set<string>();
  const out: SessionSummary[] = [];
  for (const hit of hits) {
    if (seen.has(hit.path)) continue;
    seen.add(hit.path);
    out.push({
      id: hit.id,
      working_dir: hit.working_dir,
      model: "",
      created_at: hit.date,
      updated_at: hit.date,
      metadata: hit.name ? { name: hit.name } : {},
      message_count: -1,
      first_message: hit.snippet,
      path: hit.path,
    });
  }
  return out;
}

export async function historyCommand(
  name: string,
  rest: string,
  session: ChatSession,
  actions: HistoryActions | undefined,
): Promise<CommandResult> {
  if (!actions) return { output: "History commands are not available.", tone: "error" };
  if (name === "/search") {
    if (!rest) return { output: "Usage: /search <query>", tone: "error" };
    const sessions = hitsToSummaries(await actions.search(rest));
    if (sessions.length === 0) return { output: `No session matches: ${rest}` };
    return { action: { type: "picker", sessions, title: `Search: ${rest}` } };
  }
  if (!hasSessionFile(session))
    return { output: "Nothing to fork yet: send a message first.", tone: "error" };
  if (name === "/rewind") {
    const hasUser = session.getMessages().some((m) => m.role === "user");
    if (!hasUser) return { output: "No messages of yours to rewind to.", tone: "error" };
    return { action: { type: "rewind" } };
  }
  let at: number | undefined;
  if (rest) {
    if (!/^\d+$/.test(rest)) return { output: "Usage: /fork [N] (N: messages to keep)", tone: "error" };
    at = Number(rest);
  }
  const id = await actions.fork(session, at);
  return {
    output: `Forked ${session.id} into ${id}; continuing there (the original is kept: agenix --session ${session.id}).`,
    action: { type: "load", id },
  };
}

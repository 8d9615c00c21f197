// `agenix sessions search` on a store that searches itself (SessionStore.searchMessages: PostgreSQL's
// full-text search) finds candidate
// messages (every word, every phrase, the filters), then the same exact check, snippets and
// ranking as the file index decide what is a hit. No local index: the database is the index.
import type { Message } from "../../messages/types.js";
import type { SearchFilter, SearchRow, SessionStore } from "../../sessions/store.js";
import { messageText, metadataText, type SearchRole } from "./extract.js";
import { containsAll, parseQuery, type SearchHit, type SearchQuery } from "./query-language.js";
import { makeSnippet, matcherFor } from "./snippet.js";

/** Candidates fetched per query: plenty for ranking the first `limit` hits. */
const CANDIDATES = 5000;

const iso = (seconds: number | undefined) =>
  seconds === undefined ? undefined : `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`;

export async function searchPostgres(
  store: Pick<SessionStore, "listSessions"> & { searchMessages(filter: SearchFilter): Promise<SearchRow[]> },
  query: SearchQuery,
): Promise<SearchHit[]> {
  const limit = query.limit ?? 20;
  const { words, phrases, regex } = parseQuery(query);
  const matcher = matcherFor(words, phrases, regex);
  const matches = (text: string) => (regex ? regex.test(text) : containsAll(text, words, phrases));
  const rows = await store.searchMessages({
    words: regex ? [] : words,
    phrases: regex ? [] : phrases,
    role: query.role,
    since: iso(query.since),
    until: iso(query.until),
    model: query.model,
    tag: query.tag,
    workingDir: query.workingDir,
    limit: CANDIDATES,
  });
  const hits: SearchHit[] = [];
  for (const row of rows) {
    const message = JSON.parse(row.message) as Message;
    const text = messageText(message);
    if (!matches(text)) continue;
    const snippet = makeSnippet(text, matcher);
    hits.push({
      id: row.id,
      working_dir: row.working_dir,
      message_index: row.idx,
      role: message.role as SearchRole,
      snippet: snippet.text,
      score: snippet.ranges.length,
      ranges: snippet.ranges,
      name: String(JSON.parse(row.metadata)?.name ?? ""),
      date: typeof message.timestamp === "string" ? message.timestamp : row.updated_at,
      path: row.location,
    });
  }
  if (!query.role && !query.since && !query.until && !query.model) {
    const sessions = await store.listSessions(
      query.workingDir ? { workingDir: query.workingDir } : { all: true },
    );
    for (const s of sessions) {
      const text = metadataText(s);
      if (!text || !matches(text)) continue;
      if (query.tag && !(s.metadata.tags ?? []).includes(query.tag)) continue;
      const snippet = makeSnippet(text, matcher);
      hits.push({
        id: s.id,
        working_dir: s.working_dir,
        message_index: null,
        role: "metadata",
        snippet: snippet.text,
        score: snippet.ranges.length + 1,
        ranges: snippet.ranges,
        name: s.metadata.name ?? "",
        date: s.updated_at,
        path: s.path,
      });
    }
  }
  // Relevance first, then recency.
  hits.sort((a, b) => b.score - a.score || b.date.localeCompare(a.date));
  return hits.slice(0, limit);
}

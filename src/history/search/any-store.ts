// `sessions search` and `/search` on whichever store is in use: a store that searches itself
// (SessionStore.searchMessages, PostgreSQL) is asked; a file store's folder gets the local index.
import type { SessionStore } from "../../sessions/store.js";
import type { SearchHit, SearchQuery } from "./query-language.js";
import type { RefreshOptions } from "./refresh.js";

export async function searchStore(
  store: SessionStore,
  query: SearchQuery,
  refresh: RefreshOptions = {},
): Promise<SearchHit[]> {
  const search = store.searchMessages?.bind(store);
  if (search) {
    const { searchPostgres } = await import("./postgres.js");
    return searchPostgres(
      { listSessions: (options) => store.listSessions(options), searchMessages: search },
      query,
    );
  }
  if (store.localRoot === undefined) return [];
  const { searchSessions } = await import("./query.js");
  return searchSessions(store.localRoot, query, refresh).hits;
}

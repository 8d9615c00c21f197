// The after-save hook that keeps the search index current: part of the wiring of build-session.ts.
import { existsSync } from "node:fs";
import path from "node:path";
import { INDEX_DIR as SEARCH_INDEX_DIR } from "../history/search/store.js";

/**
 * After each save to a store that keeps files under `root` (SessionStore.localRoot), the search index takes the saved file's new messages, when
 * there is an index (the first `sessions search` builds it). The index is a cache: busy (a search
 * is updating it) or failing, the next search catches up.
 */
export function searchIndexUpdater(
  root: string | undefined,
): ((report: unknown) => Promise<void>) | undefined {
  if (root === undefined) return undefined;
  return async (report) => {
    const file = (report as { path?: unknown } | undefined)?.path;
    if (typeof file !== "string" || !file.startsWith(root + path.sep)) return;
    if (!existsSync(path.join(root, SEARCH_INDEX_DIR))) return;
    const { refreshSessionFile } = await import("../history/search/refresh.js");
    refreshSessionFile(root, file, { waitMs: 0 });
  };
}

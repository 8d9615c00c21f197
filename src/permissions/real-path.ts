// The filesystem as the permission check sees it. Following symbolic links: a file that does not
// exist yet (a write's target) is resolved through its longest existing parent, so `link/new.txt`
// with `link -> /etc` is seen as /etc/new.txt. Listing folders: for globs in bash lines.
import { existsSync, readdirSync, realpathSync } from "node:fs";
import path from "node:path";
import type { DirEntry, ReadDir } from "./types.js";

export function realpathOfLongestPrefix(absolute: string, memo?: Map<string, string>): string {
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    let real = memo?.get(current);
    // existsSync does not throw: a missing path costs one stat, not an exception.
    if (real === undefined && existsSync(current)) {
      try {
        real = realpathSync.native(current);
        memo?.set(current, real);
      } catch {
        real = undefined;
      }
    }
    if (real !== undefined) return missing.length === 0 ? real : path.join(real, ...missing.reverse());
    const parent = path.dirname(current);
    if (parent === current) return absolute;
    missing.push(path.basename(current));
    current = parent;
  }
}

/** A resolver that remembers what it resolved: for the many paths of one decision (not longer). */
export function memoizedRealpath(): (absolute: string) => string {
  const memo = new Map<string, string>();
  return (absolute) => realpathOfLongestPrefix(absolute, memo);
}

/** A folder lister for one decision (globs, recursive reads); undefined when unreadable. */
export function memoizedReadDir(): ReadDir {
  const memo = new Map<string, DirEntry[] | undefined>();
  return (dir) => {
    if (!memo.has(dir)) {
      let entries: DirEntry[] | undefined;
      try {
        entries = readdirSync(dir, { withFileTypes: true }).map((e) => ({
          name: e.name,
          dir: e.isDirectory() || e.isSymbolicLink(),
        }));
      } catch {
        entries = undefined;
      }
      memo.set(dir, entries);
    }
    return memo.get(dir);
  };
}

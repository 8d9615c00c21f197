// `@path` completion: the project's files (respecting .gitignore, without .git and node_modules),
// listed once in the background, and a fuzzy match of what follows the `@` under the cursor.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { GitignoreRules } from "../../tools/gitignore.js";

/** Files listed at most: a huge tree still completes quickly (the first ones found are kept). */
const MAX_FILES = 20_000;
const SKIPPED = new Set([".git", "node_modules"]);

/**
 * The project's files and folders (folders end with `/`), relative to `workingDir`, shortest first.
 * A breadth-first walk that reads each folder's .gitignore as it enters it and never walks an
 * ignored folder or a symbolic link.
 */
export async function listProjectFiles(
  workingDir: string,
  signal = new AbortController().signal,
): Promise<string[]> {
  const rules = new GitignoreRules();
  const kept: string[] = [];
  const queue = [workingDir];
  while (queue.length > 0 && kept.length < MAX_FILES && !signal.aborted) {
    const dir = queue.shift() as string;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    if (entries.some((e) => e.name === ".gitignore" && e.isFile())) await rules.addFolder(dir);
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const isDir = entry.isDirectory();
      if (entry.isSymbolicLink() || (isDir && SKIPPED.has(entry.name)) || rules.ignores(full, isDir))
        continue;
      const rel = path.relative(workingDir, full).split(path.sep).join("/");
      kept.push(isDir ? `${rel}/` : rel);
      if (isDir) queue.push(full);
      if (kept.length >= MAX_FILES) break;
    }
  }
  return kept.sort((a, b) => a.length - b.length || a.localeCompare(b));
}

/** The `@partial` token ending at the cursor, or undefined. */
export function mentionAtCursor(
  text: string,
  cursor: number,
): { start: number; partial: string } | undefined {
  const before = text.slice(0, cursor);
  const match = /(^|\s)@([^\s"]*)$/.exec(before);
  if (!match) return undefined;
  return { start: before.length - match[2]!.length - 1, partial: match[2]! };
}

/** Lower is better; undefined when `query` is not a subsequence of `file`. */
function score(file: string, query: string): number | undefined {
  if (query === "") return file.split("/").length * 100 + file.length;
  const f = file.toLowerCase();
  const q = query.toLowerCase();
  const base = path.posix.basename(f.replace(/\/$/, ""));
  if (f.startsWith(q)) return 0 + f.length;
  if (base.startsWith(q)) return 1000 + f.length;
  const at = f.indexOf(q);
  if (at !== -1) return 2000 + at + f.length;
  // Subsequence: every query character in order, fewer gaps first.
  let i = 0;
  let gaps = 0;
  let last = -1;
  for (let j = 0; j < f.length && i < q.length; j++) {
    if (f[j] === q[i]) {
      if (last !== -1 && j > last + 1) gaps++;
      last = j;
      i++;
    }
  }
  return i === q.length ? 5000 + gaps * 50 + f.length : undefined;
}

/** The files matching `query`, best first. */
export function fuzzyMatch(files: readonly string[], query: string, limit = 50): string[] {
  const scored: { file: string; s: number }[] = [];
  for (const file of files) {
    const s = score(file, query);
    if (s !== undefined) scored.push({ file, s });
  }
  return scored
    .sort((a, b) => a.s - b.s || a.file.localeCompare(b.file))
    .slice(0, limit)
    .map((x) => x.file);
}

/** Quotes a path with spaces the way the mention parser reads it back. */
export function mentionText(file: string): string {
  return /\s/.test(file) ? `@"${file}"` : `@${file}`;
}

// The project repository's ignore rules that git would not see from the working directory alone:
// when agenix runs in a subfolder of a repository, the `.gitignore` files of the folders above it
// (up to the repository's top) and the repository's `info/exclude`. The shadow repository's work
// tree is the working directory, so their patterns are rewritten relative to it and written into
// the shadow repository's own info/exclude. A rule that would ignore the working directory itself
// (or everything in it) is left out: agenix snapshots the folder it works in.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";

export interface ProjectRepo {
  /** The folder holding `.git` (the repository's top). */
  top: string;
  /** The git directory (for a linked worktree: the common one, where info/exclude lives). */
  gitDir: string;
}

/** The repository the working directory is in: the nearest `.git` above it (a folder or a `gitdir:` file). */
export function findProjectRepo(workTree: string): ProjectRepo | undefined {
  for (let dir = workTree; ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, ".git");
    try {
      const stat = statSync(dotGit);
      if (!stat.isFile()) return { top: dir, gitDir: dotGit };
      const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, "utf8"))?.[1]?.trim();
      if (!pointer) return undefined;
      let gitDir = path.resolve(dir, pointer);
      try {
        gitDir = path.resolve(gitDir, readFileSync(path.join(gitDir, "commondir"), "utf8").trim());
      } catch {
        // not a linked worktree
      }
      return { top: dir, gitDir };
    } catch {
      // no .git here
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** One path segment's glob (`*`, `?`, `[...]`, `\x`) as a regular expression. */
function segmentRegex(glob: string): RegExp {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "\\" && i + 1 < glob.length) out += escapeRegex(glob[++i]!);
    else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end === -1) out += "\\[";
      else {
        let body = glob.slice(i + 1, end);
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else out += escapeRegex(c);
  }
  return new RegExp(`^${out}$`);
}

function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * The patterns that, in an ignore file at the top of `below` (a folder `rel` segments under the
 * pattern's own folder), ignore what `pattern` ignores there. [] when it applies to nothing below.
 * `segments`: the pattern split at "/", without a leading or trailing slash.
 */
function rebase(segments: string[], rel: string[]): string[][] {
  if (rel.length === 0) return segments.length === 0 ? [] : [segments];
  if (segments.length === 0) return []; // it names a folder above or at the working directory
  const [first, ...rest] = segments;
  if (first === "**") {
    // Zero folders, or one more folder of the way down.
    return [...rebase(rest, rel), ...rebase(segments, rel.slice(1))];
  }
  return segmentRegex(first!).test(rel[0]!) ? rebase(rest, rel.slice(1)) : [];
}

/**
 * One line of an ignore file in folder `from`, rewritten for an ignore file at the top of `to` (a
 * folder inside `from`). Comments and blank lines give nothing.
 */
export function rebaseIgnoreLine(line: string, rel: string[]): string[] {
  let body = line.replace(/\r$/, "");
  if (body.trim() === "" || body.startsWith("#")) return [];
  // Trailing spaces are dropped unless escaped (git's rule).
  body = body.replace(/(?<!\\)\s+$/, "");
  const negated = body.startsWith("!");
  if (negated) body = body.slice(1);
  const dirOnly = body.endsWith("/");
  if (dirOnly) body = body.slice(0, -1);
  if (body === "") return [];
  const prefix = negated ? "!" : "";
  const suffix = dirOnly ? "/" : "";
  // No slash left: the name matches at any depth, below as well.
  if (!body.includes("/")) return [`${prefix}${body}${suffix}`];
  const segments = body.replace(/^\//, "").split("/");
  const rebased = rebase(segments, rel)
    .map((s) => s.join("/"))
    // "**" alone would ignore everything in the working directory.
    .filter((s) => s !== "**");
  return [...new Set(rebased)].map((s) => `${prefix}/${s}${suffix}`);
}

function readLines(file: string): string[] {
  try {
    return readFileSync(file, "utf8").split("\n");
  } catch {
    return [];
  }
}

/**
 * The repository's rules for the working directory that git would not read from it: info/exclude
 * and the `.gitignore` files above it, lowest precedence first (in one file the last match wins).
 * The working directory's own `.gitignore` files git reads itself.
 */
export function inheritedIgnoreRules(workTree: string, repo: ProjectRepo | undefined): string[] {
  if (!repo) return [];
  const relOf = (dir: string) => path.relative(dir, workTree).split(path.sep).filter(Boolean);
  const lines: string[] = [];
  const take = (file: string, dir: string) => {
    for (const line of readLines(file)) lines.push(...rebaseIgnoreLine(line, relOf(dir)));
  };
  take(path.join(repo.gitDir, "info", "exclude"), repo.top);
  const above: string[] = [];
  for (let dir = path.dirname(workTree); ; dir = path.dirname(dir)) {
    const relative = path.relative(repo.top, dir);
    if (relative.startsWith("..") || path.isAbsolute(relative)) break;
    above.unshift(dir);
    if (dir === repo.top || path.dirname(dir) === dir) break;
  }
  for (const dir of above) take(path.join(dir, ".gitignore"), dir);
  return lines;
}

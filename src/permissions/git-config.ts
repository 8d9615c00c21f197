// What the project's own git configuration would make a read-only git command run. The bash tool
// neutralises fsmonitor, pagers, signature programs and bare repositories through the environment
// (src/tools/git-hardening.ts); an external diff, a textconv or a filter driver cannot be switched
// off that way without breaking `git diff`, so when the repository's config names one, read-only
// git asks instead; so it does when the repository has a post-index-change hook (git status and
// git diff run it when they refresh the index). (The user's own ~/.gitconfig is not looked at.)
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Keys that name a program git runs while reading: diff.external, diff.<driver>.command/textconv, filter.<driver>.clean/smudge/process. */
const RUNS = /^\s*(external|textconv|command|clean|smudge|process)\s*=/im;
/** An include pulls in other files, which may name anything. */
const INCLUDES = /^\s*\[\s*include(If)?\b/im;

/** core.hooksPath: where git looks for hooks instead of <git dir>/hooks. */
const HOOKS_PATH = /^\s*hookspath\s*=\s*(.+?)\s*$/im;
/** The hook `git status` and `git diff` run when they refresh the index (they write it). */
const READ_HOOK = "post-index-change";

/** The reason read-only git must ask in this project, or undefined when its config runs nothing. */
export function repositoryConfigProblem(workingDir: string): string | undefined {
  const gitDir = findGitDir(workingDir);
  if (!gitDir) return undefined;
  const commonDir = commonDirOf(gitDir);
  let hooksPath: string | undefined;
  for (const file of [path.join(commonDir, "config"), path.join(gitDir, "config.worktree")]) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    const runs = RUNS.exec(text);
    if (runs) return `the repository's git config names a program git would run (${runs[1]})`;
    if (INCLUDES.test(text)) return "the repository's git config includes other files";
    hooksPath = HOOKS_PATH.exec(text)?.[1]?.replace(/^"(.*)"$/, "$1") ?? hooksPath;
  }
  // A relative core.hooksPath is relative to the top of the work tree (where the .git folder is).
  const hooksDir = hooksPath
    ? path.resolve(path.basename(gitDir) === ".git" ? path.dirname(gitDir) : workingDir, hooksPath)
    : path.join(commonDir, "hooks");
  if (existsSync(path.join(hooksDir, READ_HOOK)))
    return `the repository has a ${READ_HOOK} hook, which git status and git diff run`;
  return undefined;
}

/** A linked work tree's git dir names the main repository's (config and hooks live there). */
function commonDirOf(gitDir: string): string {
  try {
    return path.resolve(gitDir, readFileSync(path.join(gitDir, "commondir"), "utf8").trim());
  } catch {
    return gitDir;
  }
}

export function findGitDir(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, ".git");
    // existsSync does not throw: a folder without .git costs one stat, not an exception.
    if (existsSync(candidate))
      try {
        const stat = statSync(candidate);
        if (stat.isDirectory()) return candidate;
        const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(candidate, "utf8"));
        return pointer ? path.resolve(dir, pointer[1]!.trim()) : undefined;
      } catch {
        // no .git here
      }
    if (path.dirname(dir) === dir) return undefined;
  }
}

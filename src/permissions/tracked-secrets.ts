// Secret files a repository tracks (a committed `.env`, a key): reading them through git's history
// (`git log -p`, `git show HEAD`, `git grep`) prints them as surely as `cat .env` does, so the git
// commands that print file contents ask when the repository tracks one. Found with one
// `git ls-files`, with the configuration a repository could use to run a program overridden.
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import path from "node:path";
import { findGitDir } from "./git-config.js";
import { isSecretFileName } from "./paths.js";

/** Tracked files whose name marks them as secret (.env*, *.pem, id_*), relative to the repository. */
export function trackedSecretFiles(workingDir: string, env: Readonly<Record<string, string>> = {}): string[] {
  let listing: string;
  try {
    const hardened = ["-c", "core.fsmonitor=false", "-c", "safe.bareRepository=explicit"];
    listing = execFileSync("git", [...hardened, "ls-files", "-z", "--full-name"], {
      cwd: workingDir,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env, GIT_OPTIONAL_LOCKS: "0" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      maxBuffer: 256 * 1024 * 1024,
      timeout: 10_000,
    });
  } catch {
    // Not a repository, or no git: nothing is tracked.
    return [];
  }
  return listing.split("\0").filter((file) => file !== "" && isSecretFileName(path.posix.basename(file)));
}

/**
 * trackedSecretFiles for one working directory, listed again only when the repository's index
 * changed (every `git diff` decision would otherwise start a `git ls-files`).
 */
export function cachedTrackedSecrets(workingDir: string): () => string[] {
  let cached: { stamp: string; files: string[] } | undefined;
  return () => {
    const gitDir = findGitDir(workingDir);
    let stamp = "none";
    try {
      if (gitDir) {
        const stat = statSync(path.join(gitDir, "index"));
        stamp = `${gitDir}:${stat.mtimeMs}:${stat.size}`;
      }
    } catch {
      stamp = `${gitDir}:no index`;
    }
    if (cached?.stamp !== stamp) cached = { stamp, files: trackedSecretFiles(workingDir) };
    return cached.files;
  };
}

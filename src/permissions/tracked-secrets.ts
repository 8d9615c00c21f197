// Secret files a repository tracks (a committed `.env`, a key): reading them through git's history
// (`git log -p`, `git show HEAD`, `git grep`) prints them as surely as `cat .env` does, so the git
// commands that print file contents ask when the repository tracks one. Found with one
// `git ls-files`, with the configuration a repository could use to run a program overridden.
import { execFileSync } from "node:child_process";
import path from "node:path";
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

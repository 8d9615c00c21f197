// One snapshot or restore at a time per shadow repository, across processes. The lock file holds
// the holder's pid; a lock whose process is gone (kill -9 during a snapshot) is taken over, and the
// lock files git itself left behind then (index.lock, ref locks) are removed with it.
import { readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { processAlive } from "../process-alive.js";

const POLL_MS = 25;

function holder(file: string): { pid: number; host: string } | undefined {
  try {
    const [pid, host] = readFileSync(file, "utf8").split("\n");
    return { pid: Number(pid), host: host ?? "" };
  } catch {
    return undefined;
  }
}

/** git's own lock files under the repository (a killed git leaves them and then refuses to go on). */
function removeGitLocks(gitDir: string): void {
  rmSync(path.join(gitDir, "index.lock"), { force: true });
  rmSync(path.join(gitDir, "packed-refs.lock"), { force: true });
  const walk = (dir: string) => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".lock")) rmSync(full, { force: true });
    }
  };
  walk(path.join(gitDir, "refs"));
}

/**
 * Takes the repository's lock (waiting up to `waitMs` for a live holder), runs `work`, releases it.
 * Resolves to undefined when another live process kept the lock for the whole wait.
 */
export async function withRepoLock<T>(
  gitDir: string,
  work: () => Promise<T>,
  waitMs = 10_000,
): Promise<{ value: T } | undefined> {
  const file = path.join(gitDir, "agenix.lock");
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      writeFileSync(file, `${process.pid}\n${hostname()}\n`, { flag: "wx", mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = holder(file);
      const stale =
        owner && owner.host === hostname() && (!Number.isInteger(owner.pid) || !processAlive(owner.pid));
      if (stale || (owner && owner.pid === process.pid)) {
        if (owner.pid === process.pid) {
          // Our own lock: another call in this process holds it; wait for it like any holder.
        } else {
          removeGitLocks(gitDir);
          rmSync(file, { force: true });
          continue;
        }
      }
      if (Date.now() > deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
  try {
    return { value: await work() };
  } finally {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }
}

// One writer per session: `<id>.json.lock` holds the owner's pid, host and start time. A lock whose
// process is gone is taken over; breaking it is serialised through a short-lived `.break` file so
// two processes can never both delete a stale lock and both think they own the new one.
import { randomBytes } from "node:crypto";
import { readFileSync, statSync, unlinkSync } from "node:fs";
import { open, readFile, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { SessionLockedError } from "../errors.js";

interface LockInfo {
  pid: number;
  hostname: string;
  started_at: string;
  token: string;
}

const held = new Map<string, string>(); // lock path -> our token
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const [file, token] of held) {
      try {
        if ((JSON.parse(readFileSync(file, "utf8")) as LockInfo).token === token) unlinkSync(file);
      } catch {}
    }
  });
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readLock(file: string): Promise<{ info?: LockInfo; raw: string } | undefined> {
  try {
    const raw = await readFile(file, "utf8");
    try {
      return { info: JSON.parse(raw) as LockInfo, raw };
    } catch {
      return { raw };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** A lock is stale when its process is gone (same host) or its content is unreadable. */
function isStale(info: LockInfo | undefined, file: string): boolean {
  if (!info || typeof info.pid !== "number") {
    // Give a writer that just created the file a moment to fill it in.
    try {
      return Date.now() - statSync(file).mtimeMs > 2_000;
    } catch {
      return true;
    }
  }
  if (info.hostname && info.hostname !== hostname()) return false;
  return !isAlive(info.pid);
}

async function tryCreate(file: string, info: LockInfo): Promise<boolean> {
  try {
    const handle = await open(file, "wx", 0o600);
    try {
      await handle.writeFile(JSON.stringify(info));
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/** Removes a stale lock, if it is still the same stale lock, while holding the breaker file. */
async function breakStaleLock(file: string, staleRaw: string): Promise<void> {
  const breaker = `${file}.break`;
  let mine = false;
  try {
    const handle = await open(breaker, "wx", 0o600);
    await handle.close();
    mine = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // A breaker left by a process that died mid-break: old breakers are cleared.
    try {
      if (Date.now() - statSync(breaker).mtimeMs > 10_000) await unlink(breaker);
    } catch {}
    return;
  }
  try {
    const current = await readLock(file);
    if (current && current.raw === staleRaw) await unlink(file).catch(() => {});
  } finally {
    if (mine) await unlink(breaker).catch(() => {});
  }
}

/**
 * Takes the lock for the session file `sessionFile`. Resolves to a release function; throws
 * SessionLockedError when a live process holds it.
 */
export async function lockSessionFile(sessionId: string, sessionFile: string): Promise<() => Promise<void>> {
  const file = `${sessionFile}.lock`;
  const info: LockInfo = {
    pid: process.pid,
    hostname: hostname(),
    started_at: new Date().toISOString(),
    token: randomBytes(8).toString("hex"),
  };
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await tryCreate(file, info)) {
      held.set(file, info.token);
      installExitHook();
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        held.delete(file);
        const current = await readLock(file).catch(() => undefined);
        if (current?.info?.token === info.token) await unlink(file).catch(() => {});
      };
    }
    const current = await readLock(file);
    if (!current) continue;
    if (!isStale(current.info, file)) {
      throw new SessionLockedError(sessionId, current.info?.pid ?? 0);
    }
    await breakStaleLock(file, current.raw);
    // Yield so a breaker in another process can finish before the next attempt.
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new SessionLockedError(sessionId, 0);
}

/** The pid holding a live lock on the file, if any. */
export async function lockHolder(sessionFile: string): Promise<number | undefined> {
  const current = await readLock(`${sessionFile}.lock`).catch(() => undefined);
  if (!current || isStale(current.info, `${sessionFile}.lock`)) return undefined;
  return current.info?.pid;
}

// One writer per session: `<id>.json.lock` names its owner (pid, host, boot id, the process's start
// time). A lock whose owner is gone is taken over; breaking it is serialised through a short-lived
// `.break` file so two processes can never both delete a stale lock and both think they own the new
// one. The lock is written to a temp file and hard-linked into place: it never exists half-written.
import { randomBytes } from "node:crypto";
import { readFileSync, statSync, unlinkSync } from "node:fs";
import { link, open, readFile, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { SessionLockedError } from "../errors.js";
import { type SessionIo, writeFully } from "./io.js";
import { describeFsError, SessionSaveError } from "./save-error.js";

export interface LockInfo {
  pid: number;
  hostname: string;
  /** /proc/sys/kernel/random/boot_id: the same kernel (a container shares its host's). */
  boot_id?: string;
  /** The owner's start time in clock ticks since boot (/proc/<pid>/stat field 22): catches pid reuse. */
  start_ticks?: number;
  started_at: string;
  token: string;
}

/** Whether a lock's owner runs: dead (take over), alive, or unknown (another machine: kept). */
export type HolderState = "alive" | "dead" | "unknown";

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

let cachedBootId: string | undefined | null = null;
export function bootId(): string | undefined {
  if (cachedBootId === null) {
    try {
      cachedBootId = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || undefined;
    } catch {
      cachedBootId = undefined;
    }
  }
  return cachedBootId;
}

/** A process's start time in clock ticks since boot, or undefined (no /proc, or no such process). */
export function startTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces and parentheses) start at field 3.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[22 - 3]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Same kernel (boot id), or the same host when boot ids are unknown: the pid says it, and a start
 * time that differs means the pid now belongs to another process (reuse, or a container's pid
 * namespace). Same host, other boot id: it rebooted, the owner is gone. Another host and kernel:
 * this machine cannot tell, so the lock is kept (`agenix sessions unlock` removes it).
 */
export function holderState(info: LockInfo): HolderState {
  const ours = bootId();
  const sameKernel = info.boot_id !== undefined && ours !== undefined && info.boot_id === ours;
  const sameHost = !info.hostname || info.hostname === hostname();
  if (!sameKernel) {
    if (info.boot_id !== undefined && ours !== undefined && sameHost) return "dead";
    if (!sameHost) return "unknown";
  }
  if (!pidAlive(info.pid)) return "dead";
  if (typeof info.start_ticks === "number") {
    const now = startTicks(info.pid);
    if (now !== undefined && now !== info.start_ticks) return "dead";
  }
  return "alive";
}

interface ReadLock {
  info?: LockInfo;
  raw: string;
}

async function readLock(file: string): Promise<ReadLock | undefined> {
  try {
    const raw = await readFile(file, "utf8");
    try {
      const info = JSON.parse(raw) as LockInfo;
      return typeof info?.pid === "number" ? { info, raw } : { raw };
    } catch {
      return { raw };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * A lock is stale when its owner is dead. One without a readable owner (left by an older agenix or
 * another tool) is stale once it is 2 s old; agenix itself never leaves one half-written.
 */
function isStale(current: ReadLock, file: string): boolean {
  if (!current.info) {
    try {
      return Date.now() - statSync(file).mtimeMs > 2_000;
    } catch {
      return true;
    }
  }
  return holderState(current.info) === "dead";
}

/** Writes the lock to a temp file and links it into place; false when a lock already exists. */
async function tryCreate(io: SessionIo, file: string, info: LockInfo): Promise<boolean> {
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`,
  );
  try {
    const handle = await io.open(temp, "wx", 0o600);
    try {
      await writeFully(io, handle, Buffer.from(JSON.stringify(info)), 0);
    } finally {
      await handle.close();
    }
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    const { reason, code } = describeFsError(error);
    throw new SessionSaveError(file, `could not create the session's lock file: ${reason}`, code);
  } finally {
    await unlink(temp).catch(() => {});
  }
}

/** Removes a stale lock, if it is still the same stale lock, while holding the breaker file. */
async function breakStaleLock(file: string, staleRaw: string): Promise<void> {
  const breaker = `${file}.break`;
  try {
    const handle = await open(breaker, "wx", 0o600);
    await handle.close();
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
    await unlink(breaker).catch(() => {});
  }
}

function lockedError(sessionId: string, file: string, current: ReadLock | undefined): SessionLockedError {
  if (held.has(file)) {
    return new SessionLockedError(sessionId, { file, ownProcess: true });
  }
  const info = current?.info;
  return new SessionLockedError(sessionId, { file, pid: info?.pid, hostname: info?.hostname });
}

const nodeLockIo: SessionIo = {
  open: (p, flags, mode) => open(p, flags, mode),
  write: async (handle, data, position) => (await handle.write(data, 0, data.length, position)).bytesWritten,
  sync: (handle) => handle.sync(),
  rename: async () => {},
};

/**
 * Takes the lock for the session file `sessionFile`. Resolves to a release function; throws
 * SessionLockedError when a live process holds it (this one included), SessionSaveError when the
 * lock file cannot be written (disk full, read-only).
 */
export async function lockSessionFile(
  sessionId: string,
  sessionFile: string,
  io: SessionIo = nodeLockIo,
): Promise<() => Promise<void>> {
  const file = `${sessionFile}.lock`;
  if (held.has(file)) throw lockedError(sessionId, file, undefined);
  const info: LockInfo = {
    pid: process.pid,
    hostname: hostname(),
    boot_id: bootId(),
    start_ticks: startTicks(process.pid),
    started_at: new Date().toISOString(),
    token: randomBytes(8).toString("hex"),
  };
  let last: ReadLock | undefined;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await tryCreate(io, file, info)) {
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
    last = current;
    if (!isStale(current, file)) throw lockedError(sessionId, file, current);
    await breakStaleLock(file, current.raw);
    // Yield so a breaker in another process can finish before the next attempt.
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw lockedError(sessionId, file, last);
}

/** Who holds a live lock on the session file, if anyone. */
export async function lockHolder(
  sessionFile: string,
): Promise<{ pid?: number; hostname?: string; file: string } | undefined> {
  const file = `${sessionFile}.lock`;
  const current = await readLock(file).catch(() => undefined);
  if (!current || isStale(current, file)) return undefined;
  return { pid: current.info?.pid, hostname: current.info?.hostname, file };
}

export interface UnlockResult {
  /** The lock file (removed, or absent when `removed` is false). */
  file: string;
  removed: boolean;
  /** Who had it: pid and host, when the lock said. */
  holder?: { pid: number; hostname: string; state: HolderState };
}

/**
 * `agenix sessions unlock`: removes the lock unless its owner is alive on this machine (then
 * SessionLockedError). A lock from another machine cannot be checked from here and is removed.
 */
export async function unlockSessionFile(sessionId: string, sessionFile: string): Promise<UnlockResult> {
  const file = `${sessionFile}.lock`;
  const current = await readLock(file);
  if (!current) return { file, removed: false };
  const info = current.info;
  const state = info ? holderState(info) : "dead";
  if (state === "alive") throw lockedError(sessionId, file, current);
  await unlink(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
  return {
    file,
    removed: true,
    holder: info ? { pid: info.pid, hostname: info.hostname, state } : undefined,
  };
}

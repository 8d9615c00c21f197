// Claiming a new session id: `YYYYMMDD_HHMMSS`, then `_2`, `_3`, ... The file is written to a temp
// name and hard-linked to its final name, which fails if the name exists: an exclusive create that
// also never exposes a half-written file. Parallel processes in one second get distinct files.
import { randomBytes } from "node:crypto";
import { link, unlink } from "node:fs/promises";
import path from "node:path";
import { HEADER_KEYS, isoNow, type SessionData } from "../messages/types.js";
import { type DiskState, rewriteFile } from "./disk-writer.js";
import type { SessionIo } from "./io.js";
import type { NewSessionOptions } from "./manager-types.js";
import { canonicalDir } from "./paths.js";
import { describeFsError, SessionSaveError } from "./save-error.js";

/**
 * The time new session ids and `created_at` are taken from. AGENIX_TEST_NOW (an ISO date) pins it,
 * so tests can make runs collide in one second for real instead of racing the clock.
 */
export function clockNow(env: NodeJS.ProcessEnv = process.env): Date {
  const pinned = env.AGENIX_TEST_NOW;
  if (pinned) {
    const date = new Date(pinned);
    if (!Number.isNaN(date.getTime())) return date;
  }
  return new Date();
}

/** A new, empty session as every store creates it: id and times from now, extra keys after the header. */
export function newSessionData(options: NewSessionOptions): SessionData {
  const now = clockNow();
  const stamp = isoNow(now);
  const extra = Object.fromEntries(
    Object.entries(options.extra ?? {}).filter(
      ([key]) => !(HEADER_KEYS as readonly string[]).includes(key) && key !== "messages",
    ),
  );
  return {
    id: timestampId(now),
    working_dir: canonicalDir(options.workingDir),
    model: options.model,
    created_at: stamp,
    updated_at: stamp,
    metadata: { ...(options.metadata ?? {}) },
    messages: [],
    ...extra,
  };
}

/** `YYYYMMDD_HHMMSS` of a date in UTC. */
export function timestampId(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}_${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}

export function idCandidate(base: string, attempt: number): string {
  return attempt === 1 ? base : `${base}_${attempt}`;
}

const MAX_ATTEMPTS = 10_000;

/**
 * Writes a new file in `folder` under the first free id from `baseId`: `write(draft, id)` writes
 * the file's content to the temp name `draft`, which is then hard-linked to `<id>.json`.
 * `isTaken` lets the caller also skip ids used in other folders.
 */
export async function claimNewFile<T>(
  folder: string,
  baseId: string,
  isTaken: (id: string) => boolean,
  write: (draft: string, id: string) => Promise<T>,
): Promise<{ id: string; path: string; written: T }> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const id = idCandidate(baseId, attempt);
    if (isTaken(id)) continue;
    const target = path.join(folder, `${id}.json`);
    const draft = path.join(folder, `.${id}.json.new-${process.pid}-${randomBytes(6).toString("hex")}`);
    const written = await write(draft, id);
    try {
      await link(draft, target);
    } catch (error) {
      await unlink(draft).catch(() => {});
      if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
      const { reason, code } = describeFsError(error);
      throw new SessionSaveError(target, reason, code);
    }
    await unlink(draft).catch(() => {});
    return { id, path: target, written };
  }
  throw new SessionSaveError(path.join(folder, `${baseId}.json`), "no free session id");
}

/** Writes `data` as a new session file (fsynced) under the first free id, setting `data.id`. */
export async function createExclusive(
  io: SessionIo,
  folder: string,
  baseId: string,
  data: SessionData,
  isTaken: (id: string) => boolean = () => false,
): Promise<DiskState> {
  const created = await claimNewFile(folder, baseId, isTaken, (draft, id) => {
    data.id = id;
    return rewriteFile(io, draft, data);
  });
  return { ...created.written, path: created.path };
}

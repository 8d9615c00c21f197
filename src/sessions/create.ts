// Claiming a new session id: `YYYYMMDD_HHMMSS`, then `_2`, `_3`, ... The file is written to a temp
// name and hard-linked to its final name, which fails if the name exists: an exclusive create that
// also never exposes a half-written file. Parallel processes in one second get distinct files.
import { randomBytes } from "node:crypto";
import { link, unlink } from "node:fs/promises";
import path from "node:path";
import type { SessionData } from "../messages/types.js";
import { type DiskState, rewriteFile } from "./disk-writer.js";
import type { SessionIo } from "./io.js";
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
 * Writes `data` as a new file in `folder` under the first free id from `baseId`, setting `data.id`.
 * `isTaken` lets the caller also skip ids used in other folders.
 */
export async function createExclusive(
  io: SessionIo,
  folder: string,
  baseId: string,
  data: SessionData,
  isTaken: (id: string) => boolean = () => false,
): Promise<DiskState> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const id = idCandidate(baseId, attempt);
    if (isTaken(id)) continue;
    data.id = id;
    const target = path.join(folder, `${id}.json`);
    const draft = path.join(folder, `.${id}.json.new-${process.pid}-${randomBytes(6).toString("hex")}`);
    const state = await rewriteFile(io, draft, data);
    try {
      await link(draft, target);
    } catch (error) {
      await unlink(draft).catch(() => {});
      if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
      const { reason, code } = describeFsError(error);
      throw new SessionSaveError(target, reason, code);
    }
    await unlink(draft).catch(() => {});
    return { ...state, path: target };
  }
  throw new SessionSaveError(path.join(folder, `${baseId}.json`), "no free session id");
}

// Writing session files: the crash-safe full rewrite and the append fast path.
// A rewrite goes through a temp file + fsync + rename + directory fsync, so a kill at any instant
// leaves the old or the new file. An append writes the new messages plus the unchanged tail in one
// write at the end of the last message; if that fails, the old tail and size are put back.
import { randomBytes } from "node:crypto";
import { chmodSync, constants, existsSync, lstatSync, mkdirSync, realpathSync } from "node:fs";
import { open, unlink } from "node:fs/promises";
import path from "node:path";
import { isoNow, type Message, type SessionData } from "../messages/types.js";
import { NOFOLLOW, type SessionIo, writeFully } from "./io.js";
import { touchFolder } from "./list-index.js";
import { describeFsError, SessionSaveError } from "./save-error.js";
import { appendedMessagesText, headerSignature, serializeSession, tailText } from "./serialize.js";

/** What the writer knows about a file it wrote or read, so the next save can append. */
export interface DiskState {
  path: string;
  size: number;
  mtimeMs: number;
  /** Byte offset just after the last message on disk. */
  messagesEnd: number;
  updatedAtOffset: number;
  signature: string;
  tail: string;
  /** How many messages are on disk. */
  savedCount: number;
  /**
   * The first and last message objects on disk, by identity: a removed or replaced message shifts or
   * changes them and forces a rewrite. Checking two references keeps a save O(1) in the session's
   * length (copying a 40,000-message array on every save cost more than the write itself).
   */
  firstSaved: Message | undefined;
  lastSaved: Message | undefined;
  /** Byte length of the updated_at value on disk. */
  stampBytes: number;
}

const STAMP_BYTES = isoNow().length;

/**
 * Creates the sessions root (if missing) and a folder inside it, both mode 0700 whatever the umask.
 * A folder that is a symlink is refused: writes never follow links out of the root.
 */
export function ensureFolder(root: string, folder: string): void {
  if (!existsSync(root)) {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    chmodSync(root, 0o700);
  }
  let stat = lstatOrUndefined(folder);
  if (!stat) {
    try {
      mkdirSync(folder, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        const { reason, code } = describeFsError(error);
        throw new SessionSaveError(folder, reason, code);
      }
    }
    stat = lstatOrUndefined(folder);
  }
  if (!stat?.isDirectory()) {
    throw new SessionSaveError(
      folder,
      "the session folder is a symbolic link or not a directory; refusing to write there",
    );
  }
  if ((stat.mode & 0o777) !== 0o700) chmodSync(folder, 0o700);
}

function lstatOrUndefined(file: string) {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

/** Refuses writes through symlinks, or into a folder that resolves outside the sessions root. */
export function assertSafeTarget(root: string, file: string): void {
  const realRoot = realpathSync(root);
  const realDir = realpathSync(path.dirname(file));
  if (realDir !== realRoot && !realDir.startsWith(realRoot + path.sep)) {
    throw new SessionSaveError(file, `its folder resolves outside the sessions directory (${realDir})`);
  }
  try {
    const stat = lstatSync(file);
    if (stat.isSymbolicLink()) {
      throw new SessionSaveError(file, "it is a symbolic link; agenix does not write through links");
    }
    if (!stat.isFile()) throw new SessionSaveError(file, "it is not a regular file");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

export function stateAfterWrite(
  data: SessionData,
  file: string,
  layout: { messagesEnd: number; updatedAtOffset: number },
  stat: { size: number; mtimeMs: number },
): DiskState {
  return {
    path: file,
    size: stat.size,
    mtimeMs: stat.mtimeMs,
    messagesEnd: layout.messagesEnd,
    updatedAtOffset: layout.updatedAtOffset,
    signature: headerSignature(data),
    tail: tailText(data, data.messages.length),
    savedCount: data.messages.length,
    firstSaved: data.messages[0],
    lastSaved: data.messages.at(-1),
    stampBytes: Buffer.byteLength(String(data.updated_at)),
  };
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Full crash-safe rewrite: temp file (0600) in the same folder, fsync, rename, fsync the folder. */
export async function rewriteFile(io: SessionIo, file: string, data: SessionData): Promise<DiskState> {
  const layout = serializeSession(data);
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`,
  );
  let handle: Awaited<ReturnType<SessionIo["open"]>> | undefined;
  try {
    handle = await io.open(temp, "wx", 0o600);
    await handle.chmod(0o600);
    await writeFully(io, handle, Buffer.from(layout.text, "utf8"), 0);
    await io.sync(handle);
    const stat = await handle.stat();
    await handle.close();
    handle = undefined;
    await io.rename(temp, file);
    await syncDir(path.dirname(file)).catch(() => {});
    return stateAfterWrite(data, file, layout, stat);
  } catch (error) {
    await handle?.close().catch(() => {});
    await unlink(temp).catch(() => {});
    if (error instanceof SessionSaveError) throw error;
    const { reason, code } = describeFsError(error);
    throw new SessionSaveError(file, reason, code);
  }
}

/**
 * Appends `data.messages` beyond `state.savedCount` in place. Returns the new state, or undefined when the
 * file is not what we last saw (changed by someone else): the caller then rewrites it fully.
 */
export async function appendToFile(
  io: SessionIo,
  state: DiskState,
  data: SessionData,
): Promise<DiskState | undefined> {
  const handle = await io.open(state.path, NOFOLLOW | constants.O_RDWR).catch(() => undefined);
  if (!handle) return undefined;
  try {
    const before = await handle.stat();
    if (before.size !== state.size || before.mtimeMs !== state.mtimeMs || !before.isFile()) return undefined;
    const count = state.savedCount;
    const added = data.messages.slice(count);
    const tail = tailText(data, data.messages.length);
    const chunk = Buffer.from(appendedMessagesText(added, count) + tail, "utf8");
    // A shorter tail (an extra key removed) would leave stale bytes after the new end: rewrite instead.
    if (state.messagesEnd + chunk.length < state.size) return undefined;
    try {
      await writeFully(io, handle, chunk, state.messagesEnd);
    } catch (error) {
      await restoreTail(handle, state);
      const { reason, code } = describeFsError(error);
      throw new SessionSaveError(state.path, reason, code);
    }
    const messagesEnd = state.messagesEnd + chunk.length - Buffer.byteLength(tail);
    const stamp = Buffer.from(data.updated_at, "utf8");
    // Fixed width (20 bytes) by construction; patched in place after the messages are safe.
    await writeFully(io, handle, stamp, state.updatedAtOffset).catch(() => {});
    await io.sync(handle).catch(() => {});
    const after = await handle.stat();
    // An in-place write leaves the folder's mtime alone; listing trusts its index until it changes.
    touchFolder(path.dirname(state.path));
    const layout = { messagesEnd, updatedAtOffset: state.updatedAtOffset };
    return stateAfterWrite(data, state.path, layout, after);
  } finally {
    await handle.close().catch(() => {});
  }
}

/** Puts the old tail and size back after a failed append, so the file is never left torn. */
async function restoreTail(handle: Awaited<ReturnType<SessionIo["open"]>>, state: DiskState) {
  try {
    // Straight to the file, not through the io seam: overwriting bytes the file already owns and
    // truncating need no new space, so they work on a full disk.
    const tail = Buffer.from(state.tail, "utf8");
    await handle.write(tail, 0, tail.length, state.messagesEnd);
    await handle.truncate(state.size);
  } catch {
    // Overwriting bytes the file already owns rarely fails; if it does, the loader's torn-tail
    // repair still recovers every complete message.
  }
}

/** True when a save of `data` can append to the file described by `state`. */
export function canAppend(state: DiskState | undefined, data: SessionData): state is DiskState {
  if (!state) return false;
  const count = state.savedCount;
  if (data.messages.length < count) return false;
  // The in-place patch needs the stamp on disk and the new one to be the same 20 bytes.
  if (state.stampBytes !== STAMP_BYTES) return false;
  if (typeof data.updated_at !== "string" || Buffer.byteLength(data.updated_at) !== STAMP_BYTES) return false;
  if (headerSignature(data) !== state.signature) return false;
  if (count > 0 && (data.messages[0] !== state.firstSaved || data.messages[count - 1] !== state.lastSaved))
    return false;
  return true;
}

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
   * The message objects on disk, in order, by identity (grown in place as messages are appended).
   * A replaced, removed or reordered message no longer matches and forces a rewrite.
   */
  saved: Message[];
  /**
   * True when every object in `saved` is deep-frozen (by this manager), so none can have been edited
   * in place since it was written. A session loaded for editing is not sealed: its next save rewrites.
   */
  sealed: boolean;
  /** Leading messages that cannot be replaced or removed (non-configurable, see lazy-load.ts). */
  immutablePrefix?: number;
  /** Byte length of the updated_at value on disk. */
  stampBytes: number;
}

/** Warnings of a save that succeeded (the messages are on disk) but not completely. */
export type SaveWarnings = string[];

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

/** Freezes a message and everything inside it; already frozen objects are skipped at once. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}

/**
 * The state after writing all of `data`. With `seal`, every message is frozen: the next save may
 * append, since none of them can change in place any more.
 */
export function stateAfterWrite(
  data: SessionData,
  file: string,
  layout: { messagesEnd: number; updatedAtOffset: number },
  stat: { size: number; mtimeMs: number },
  seal = true,
  /** Leading messages that are immutable by construction (a lazily loaded prefix, see lazy-load.ts). */
  immutablePrefix = 0,
): DiskState {
  const messages = data.messages;
  if (seal) for (let i = immutablePrefix; i < messages.length; i++) deepFreeze(messages[i]);
  return {
    path: file,
    size: stat.size,
    mtimeMs: stat.mtimeMs,
    messagesEnd: layout.messagesEnd,
    updatedAtOffset: layout.updatedAtOffset,
    signature: headerSignature(data),
    tail: tailText(data, data.messages.length),
    savedCount: data.messages.length,
    // The prefix's slots stay empty: its elements cannot be replaced, so they are never compared.
    saved:
      immutablePrefix > 0
        ? [...new Array(immutablePrefix), ...messages.slice(immutablePrefix)]
        : messages.slice(),
    sealed: seal,
    immutablePrefix,
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
  warnings: SaveWarnings = [],
): Promise<DiskState | undefined> {
  const handle = await io.open(state.path, NOFOLLOW | constants.O_RDWR).catch(() => undefined);
  if (!handle) return undefined;
  try {
    const before = await handle.stat();
    if (before.size !== state.size || before.mtimeMs !== state.mtimeMs || !before.isFile()) return undefined;
    // A file copied in by hand (0644) becomes private with agenix's first write, as new files are.
    if ((before.mode & 0o777) !== 0o600) {
      await handle.chmod(0o600).catch((error: unknown) => {
        warnings.push(`could not make ${state.path} private (mode 0600): ${describeFsError(error).reason}`);
      });
    }
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
    // Fixed width (20 bytes) by construction; patched in place after the messages are safe. The
    // messages are saved either way, so these failures are warnings, not a failed save.
    await writeFully(io, handle, stamp, state.updatedAtOffset).catch((error: unknown) => {
      warnings.push(
        `the new messages are saved, but updated_at in ${state.path} could not be updated ` +
          `(${describeFsError(error).reason}); listings show the previous time until the next save`,
      );
    });
    await io.sync(handle).catch((error: unknown) => {
      warnings.push(
        `could not flush ${state.path} to disk (${describeFsError(error).reason}); ` +
          "the last messages may be lost if the machine crashes now",
      );
    });
    const after = await handle.stat();
    // An in-place write leaves the folder's mtime alone; listing trusts its index until it changes.
    const touched = touchFolder(path.dirname(state.path), io);
    if (touched) {
      warnings.push(
        `could not mark ${path.dirname(state.path)} as changed (${describeFsError(touched).reason}); ` +
          "`agenix sessions list --rescan` shows the current message counts",
      );
    }
    for (const message of added) {
      deepFreeze(message);
      state.saved.push(message);
    }
    return {
      ...state,
      size: after.size,
      mtimeMs: after.mtimeMs,
      messagesEnd,
      signature: headerSignature(data),
      tail,
      savedCount: data.messages.length,
      stampBytes: Buffer.byteLength(String(data.updated_at)),
    };
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
  // Saved messages are frozen (no edit in place); a replaced, removed or reordered one is caught by
  // comparing references: no copying or serialising, ~30 µs for 40,000 messages.
  if (!state.sealed) return false;
  const saved = state.saved;
  const messages = data.messages;
  for (let i = state.immutablePrefix ?? 0; i < count; i++) if (messages[i] !== saved[i]) return false;
  return true;
}

// The file operations saving uses, behind one small interface so tests can inject "disk full"
// or "read-only" failures (including partial writes) without root tricks.
import { constants } from "node:fs";
import { type FileHandle, open, rename } from "node:fs/promises";

export interface SessionIo {
  open(path: string, flags: number | string, mode?: number): Promise<FileHandle>;
  /** Writes `data` at `position`; returns the bytes written (may be fewer than asked). */
  write(handle: FileHandle, data: Buffer, position: number): Promise<number>;
  sync(handle: FileHandle): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Sets a folder's mtime to now (after an in-place append); default utimes. */
  touch?(folder: string): void;
}

export const nodeIo: SessionIo = {
  open: (path, flags, mode) => open(path, flags, mode),
  write: async (handle, data, position) => (await handle.write(data, 0, data.length, position)).bytesWritten,
  sync: (handle) => handle.sync(),
  rename: (from, to) => rename(from, to),
};

/** Writes all of `data` at `position`, looping over short writes. */
export async function writeFully(io: SessionIo, handle: FileHandle, data: Buffer, position: number) {
  let done = 0;
  while (done < data.length) {
    const n = await io.write(handle, data.subarray(done), position + done);
    if (n <= 0) throw Object.assign(new Error("write made no progress"), { code: "EIO" });
    done += n;
  }
}

/** Open flags that never follow a symlink at the last path component. */
export const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

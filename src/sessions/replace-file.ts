// Replacing a small file whole: written to a temp file beside it (mode 0600), then renamed over it,
// so a reader sees the old content or the new, never part of it. No fsync: this is for caches and
// indexes that are rebuilt when lost (session files go through disk-writer.ts).
import { randomBytes } from "node:crypto";
import { renameSync, unlinkSync, writeFileSync } from "node:fs";

/** Replaces `target`; a failure removes the temp file and throws. */
export function replaceFileSync(target: string, data: string | Uint8Array): void {
  const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    writeFileSync(temp, data, { mode: 0o600 });
    renameSync(temp, target);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {}
    throw error;
  }
}

/** Replaces a cache file; a failure (e.g. a read-only folder) only means there is no cache. */
export function replaceCacheFile(target: string, data: string): void {
  try {
    replaceFileSync(target, data);
  } catch {}
}

// Backups of session files: one naming scheme, `<id>.json.bak-<YYYYMMDD_HHMMSS>[_N]`, used by
// `sessions repair`, by the first save after a torn tail was dropped, and by a save that finds the
// file changed by another program. `delete` and `prune` remove them with the session.
import { constants, readdirSync } from "node:fs";
import { copyFile, unlink } from "node:fs/promises";
import path from "node:path";
import { timestampId } from "./create.js";

export const BACKUP_MARKER = ".bak-";

/** Copies `file` to a new backup beside it (never overwriting one); returns the backup's path. */
export async function keepBackup(file: string, now: Date = new Date()): Promise<string> {
  const base = `${file}${BACKUP_MARKER}${timestampId(now)}`;
  for (let n = 1; ; n++) {
    const target = n === 1 ? base : `${base}_${n}`;
    try {
      await copyFile(file, target, constants.COPYFILE_EXCL);
      return target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || n > 1000) throw error;
    }
  }
}

/** What follows the marker in a backup's name: the timestamp keepBackup() writes, nothing else. */
const BACKUP_SUFFIX = /^\d{8}_\d{6}(?:_\d+)?$/;

/**
 * The backups of a session file (`<file>.bak-<YYYYMMDD_HHMMSS>[_N]`), by path. Exactly that shape:
 * a session whose id merely starts like a backup name (`a.json.bak-20250101_000000.json`, a file
 * ending in `.json`) is another session, never a backup of `a`.
 */
export function backupsOf(file: string): string[] {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}${BACKUP_MARKER}`;
  try {
    return readdirSync(dir)
      .filter((name) => name.startsWith(prefix) && BACKUP_SUFFIX.test(name.slice(prefix.length)))
      .map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

/** Deletes the backups of a session file; returns the paths removed. */
export async function deleteBackups(file: string): Promise<string[]> {
  const removed: string[] = [];
  for (const backup of backupsOf(file)) {
    try {
      await unlink(backup);
      removed.push(backup);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return removed;
}

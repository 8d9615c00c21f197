// Temp files a kill can leave behind: `.<id>.json.tmp-<pid>-<hex>` (a rewrite), `.<id>.json.new-...`
// (a new session) and `.<id>.json.lock.tmp-...` (a lock). Each holds a full or partial copy of a
// conversation, so listing a folder removes the stale ones: older than 10 minutes and their
// process gone (or older than a day, whatever the pid says: pids are reused).
import { lstatSync, unlinkSync } from "node:fs";
import path from "node:path";
import { processAlive } from "../process-alive.js";

const TEMP_NAME = /^\..+\.json(?:\.lock)?\.(?:tmp|new)-(\d+)-[0-9a-f]+$/;
export const STALE_TEMP_MS = 10 * 60 * 1000;
const ALWAYS_STALE_MS = 24 * 60 * 60 * 1000;

function alive(pid: number): boolean {
  return pid === process.pid || processAlive(pid);
}

/** True for names agenix gives its temp files. */
export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}

/** Deletes the stale temp files among `names` (entries of `folder`); returns the names removed. */
export function sweepStaleTemps(folder: string, names: readonly string[], now = Date.now()): string[] {
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (!match) continue;
    const file = path.join(folder, name);
    try {
      const stat = lstatSync(file);
      if (!stat.isFile()) continue;
      const age = now - stat.mtimeMs;
      if (age < STALE_TEMP_MS || (age < ALWAYS_STALE_MS && alive(Number(match[1])))) continue;
      unlinkSync(file);
      removed.push(name);
    } catch {
      // gone already, or not ours to remove: listing goes on
    }
  }
  return removed;
}

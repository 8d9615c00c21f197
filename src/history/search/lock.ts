// One process updates the search index at a time: `.search/lock` is created exclusively and holds
// the owner's pid; a lock whose process is gone is taken over. Readers never take it.
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import { processAlive } from "../../process-alive.js";

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Takes the index lock, waiting up to `waitMs` for a live holder; returns undefined on timeout. */
export function lockIndex(dir: string, waitMs = 10_000): (() => void) | undefined {
  const file = path.join(dir, "lock");
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, "utf8") === String(process.pid)) unlinkSync(file);
        } catch {}
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(file, "utf8"));
    } catch {}
    if (Number.isInteger(holder) && holder > 0 && !processAlive(holder)) {
      try {
        // Only remove the file if it still names the dead holder.
        if (Number(readFileSync(file, "utf8")) === holder) unlinkSync(file);
      } catch {}
      continue;
    }
    if (Number.isNaN(holder) && lockAgeMs(file) > 5_000) {
      // A holder that died between creating the file and writing its pid.
      try {
        unlinkSync(file);
      } catch {}
      continue;
    }
    if (Date.now() >= deadline) return undefined;
    Atomics.wait(pause, 0, 0, 5); // a writer holds it for milliseconds
  }
}

function lockAgeMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

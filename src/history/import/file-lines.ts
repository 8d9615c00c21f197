// Reading a JSONL transcript line by line from the file, a chunk at a time: a transcript larger
// than the longest string V8 can hold (~512 MB) imports like a small one, and memory holds the
// parsed entries, never the whole text. A single line too long to read is skipped (counted).
import { closeSync, openSync, readSync } from "node:fs";

/** The longest line read (bytes); anything longer is skipped and counted as a bad line. */
export const MAX_LINE_BYTES = 256 * 1024 * 1024;

/** A line too long to read (yielded in its place, so it is counted). */
export const LINE_TOO_LONG = null;

/** The file's lines (without `\n`), decoded as UTF-8; `null` for a line over `maxLineBytes`. */
export function* fileLines(
  file: string,
  options: { chunkBytes?: number; maxLineBytes?: number } = {},
): Generator<string | null> {
  const chunkBytes = options.chunkBytes ?? 1024 * 1024;
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  const fd = openSync(file, "r");
  try {
    const chunk = Buffer.allocUnsafe(chunkBytes);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let skipping = false; // inside a line already over the limit: drop bytes until its end
    for (;;) {
      const n = readSync(fd, chunk, 0, chunkBytes, null);
      if (n === 0) break;
      let start = 0;
      for (let nl = chunk.indexOf(10, start); nl !== -1 && nl < n; nl = chunk.indexOf(10, start)) {
        if (skipping) {
          skipping = false;
          yield LINE_TOO_LONG;
        } else if (pendingBytes + nl - start > maxLineBytes) {
          yield LINE_TOO_LONG;
        } else {
          pending.push(chunk.subarray(start, nl));
          yield Buffer.concat(pending).toString("utf8");
        }
        pending = [];
        pendingBytes = 0;
        start = nl + 1;
      }
      if (start < n && !skipping) {
        pendingBytes += n - start;
        if (pendingBytes > maxLineBytes) {
          skipping = true;
          pending = [];
          pendingBytes = 0;
        } else pending.push(Buffer.from(chunk.subarray(start, n)));
      }
    }
    if (skipping) yield LINE_TOO_LONG;
    else if (pendingBytes > 0) yield Buffer.concat(pending).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

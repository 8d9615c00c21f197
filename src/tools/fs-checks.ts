// File checks shared by the file tools: clear messages for missing files, directories, binaries, and
// files that are not regular (a named pipe or a device would block or never end).
import type { Stats } from "node:fs";
import { open, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { ToolError } from "./define.js";

const BINARY_SNIFF_BYTES = 8192;

/** Stats `file`, throwing a ToolError the model can act on when it is missing or a directory. */
export async function statRegularFile(file: string, shown: string): Promise<{ size: number }> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new ToolError(`File not found: ${shown}${await suggestSimilar(file, shown)}`);
    }
    throw error;
  }
  if (info.isDirectory()) {
    throw new ToolError(`${shown} is a directory, not a file. Use glob or bash (ls) to list its contents.`);
  }
  if (!info.isFile()) throw new ToolError(notRegularMessage(shown, info));
  return { size: info.size };
}

/** What kind of non-regular file `info` is, in words ("a named pipe"). */
export function fileKind(info: Stats): string {
  if (info.isFIFO()) return "a named pipe (FIFO)";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  if (info.isSocket()) return "a socket";
  if (info.isDirectory()) return "a directory";
  return "not a regular file";
}

/** Refusal for special files: reading or writing them can block forever or never end. */
export function notRegularMessage(shown: string, info: Stats): string {
  return (
    `${shown} is ${fileKind(info)}, not a regular file; the file tools only work on regular files ` +
    "(reading or writing it could block forever). Use bash if you really mean to."
  );
}

/** True when the first 8 KB contain a NUL byte, the same heuristic git and grep use. */
export async function looksBinary(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(BINARY_SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, BINARY_SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead).includes(0);
  } finally {
    await handle.close();
  }
}

/** " Did you mean: a, b?" for names in the same directory that look alike, or "" (cheap: one readdir). */
async function suggestSimilar(file: string, shown: string): Promise<string> {
  const dir = path.dirname(file);
  const wanted = path.basename(file).toLowerCase();
  const wantedStem = wanted.replace(/\.[^.]*$/, "");
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return ` (its folder ${path.dirname(shown)} does not exist either)`;
  }
  // Same stem, containing the stem, or a few typos away (edit distance), closest first.
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const similar = names
    .map((name) => {
      const lower = name.toLowerCase();
      const stem = lower.replace(/\.[^.]*$/, "");
      const related =
        lower === wanted || stem === wantedStem || (wantedStem.length >= 3 && lower.includes(wantedStem));
      const distance = editDistance(lower, wanted, limit + 1);
      return { name, rank: related ? Math.min(distance, limit) : distance };
    })
    .filter((c) => c.rank <= limit)
    .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name))
    .map((c) => c.name);
  if (similar.length === 0) return "";
  return `. Did you mean: ${similar
    .slice(0, 5)
    .map((n) => path.join(path.dirname(shown), n))
    .join(", ")}?`;
}

/** Levenshtein distance, giving up (returning `cap`) once every path exceeds it. */
export function editDistance(a: string, b: string, cap = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      best = Math.min(best, row[j]!);
    }
    if (best >= cap) return cap;
    previous = row;
  }
  return Math.min(previous[b.length]!, cap);
}

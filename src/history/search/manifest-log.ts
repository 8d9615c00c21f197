// The line format of the search manifest's logs (manifest.ts): a session entry, a removal, or a
// folder check, one JSON array per line; reading stops at a torn last line.
import { readFileSync } from "node:fs";
import path from "node:path";
import { CorruptIndexError, type FolderCheck, type SessionEntry } from "./store.js";

export type SessionLine = [
  "s",
  number,
  string,
  number,
  number,
  number,
  number,
  string,
  string,
  string,
  string[],
  string,
  string[],
  string,
  string,
];
export type Line = SessionLine | ["d", number] | ["f", string, number, number, number];

export function entryLine(e: SessionEntry): string {
  const line: SessionLine = [
    "s",
    e.sid,
    e.rel,
    e.size,
    e.mtimeMs,
    e.end,
    e.count,
    e.tail,
    e.id,
    e.workingDir,
    e.models,
    e.name,
    e.tags,
    e.createdAt,
    e.updatedAt,
  ];
  return `${JSON.stringify(line)}\n`;
}

/** The session entry a manifest line holds. */
export function entryFromLine(line: SessionLine): SessionEntry {
  const [
    ,
    sid,
    rel,
    size,
    mtimeMs,
    end,
    count,
    tail,
    id,
    workingDir,
    models,
    name,
    tags,
    createdAt,
    updatedAt,
  ] = line;
  return {
    sid,
    rel,
    size,
    mtimeMs,
    end,
    count,
    tail,
    id,
    workingDir,
    models,
    name,
    tags,
    createdAt,
    updatedAt,
  };
}

export const folderLine = (f: FolderCheck) =>
  `${JSON.stringify(["f", f.folder, f.mtimeMs, f.checkedAt, f.no])}\n`;
export const folderOf = (rel: string) => rel.slice(0, rel.indexOf("/"));

/** Parsed lines of a log; throws CorruptIndexError for a damaged line that is not the last. */
export function readLines(file: string): Line[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf("\n", start);
    if (nl === -1) break; // torn last line: its writer died before the newline
    try {
      lines.push(JSON.parse(text.slice(start, nl)) as Line);
    } catch {
      throw new CorruptIndexError(`${path.basename(file)}: a line does not parse`);
    }
    start = nl + 1;
  }
  return lines;
}

// The search index on disk, under `<sessions root>/.search/` (folder 0700, files 0600). It is a
// cache: any file missing, from another version or unreadable makes the next refresh rebuild it.
//   meta          {"version", "buckets"}: the format; anything else means rebuild
//   manifest.log  one JSON array per line: a session entry, a folder check or a removal; later lines
//                 win. A torn last line (a killed writer) is ignored. Rewritten when mostly stale.
//   b/<n>.bin     postings, append-only, in fixed 20-byte records (see Posting), bucket = hash % buckets
//   o/<sid>.bin   byte offsets of each message in its session file (u32 each), for snippets
//   lock          held by the one process updating the index (pid inside; a dead holder is replaced)
import {
  appendFileSync,
  closeSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import path from "node:path";

export const INDEX_DIR = ".search";
export const FORMAT_VERSION = 2;
export const BUCKETS = 256;
export const RECORD = 20;
export const METADATA_MESSAGE = 0xffffffff;

/** One indexed session file. */
export interface SessionEntry {
  sid: number;
  /** `<folder>/<id>.json` relative to the root. */
  rel: string;
  size: number;
  mtimeMs: number;
  /** Byte offset where appended messages start (-1: not in agenix's layout, reindex on change). */
  end: number;
  /** Messages indexed (records with a higher message index are ignored). */
  count: number;
  /** Hex of the bytes just before `end`: an append keeps them, a rewrite usually does not. */
  tail: string;
  id: string;
  workingDir: string;
  /** The session's model and every assistant message's model. */
  models: string[];
  name: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

export interface FolderCheck {
  folder: string;
  mtimeMs: number;
  checkedAt: number;
}

type Line =
  | [
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
    ]
  | ["d", number]
  | ["f", string, number, number];

export function entryLine(e: SessionEntry): string {
  const line: Line = [
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

export const removalLine = (sid: number) => `${JSON.stringify(["d", sid])}\n`;
export const folderLine = (f: FolderCheck) => `${JSON.stringify(["f", f.folder, f.mtimeMs, f.checkedAt])}\n`;

export interface Manifest {
  sessions: Map<number, SessionEntry>;
  folders: Map<string, FolderCheck>;
  nextSid: number;
  lines: number;
}

export class CorruptIndexError extends Error {}

/** Reads the manifest; throws CorruptIndexError for a damaged line that is not the last. */
export function readManifest(dir: string): Manifest {
  const text = readFileSync(path.join(dir, "manifest.log"), "utf8");
  const sessions = new Map<number, SessionEntry>();
  const folders = new Map<string, FolderCheck>();
  let nextSid = 1;
  let lines = 0;
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf("\n", start);
    if (nl === -1) break; // a torn last line: its writer died before the newline
    const raw = text.slice(start, nl);
    start = nl + 1;
    let line: Line;
    try {
      line = JSON.parse(raw) as Line;
    } catch {
      throw new CorruptIndexError("manifest line does not parse");
    }
    lines++;
    if (line[0] === "s") {
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
      sessions.set(sid, {
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
      });
      if (sid >= nextSid) nextSid = sid + 1;
    } else if (line[0] === "d") {
      sessions.delete(line[1]);
      if (line[1] >= nextSid) nextSid = line[1] + 1;
    } else if (line[0] === "f") {
      folders.set(line[1], { folder: line[1], mtimeMs: line[2], checkedAt: line[3] });
    } else throw new CorruptIndexError("unknown manifest line");
  }
  return { sessions, folders, nextSid, lines };
}

export function readMeta(dir: string): { version: number; buckets: number } | undefined {
  try {
    const meta = JSON.parse(readFileSync(path.join(dir, "meta"), "utf8"));
    if (meta?.version === FORMAT_VERSION && meta.buckets === BUCKETS) return meta;
  } catch {}
  return undefined;
}

/** Empties the index folder and writes a fresh meta and manifest. */
export function resetIndex(dir: string): void {
  for (const sub of ["b", "o", "manifest.log", "meta"])
    rmSync(path.join(dir, sub), { recursive: true, force: true });
  mkdirSync(path.join(dir, "b"), { recursive: true, mode: 0o700 });
  mkdirSync(path.join(dir, "o"), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dir, "manifest.log"), "", { mode: 0o600 });
  writeFileSync(path.join(dir, "meta"), JSON.stringify({ version: FORMAT_VERSION, buckets: BUCKETS }), {
    mode: 0o600,
  });
}

export function appendManifest(dir: string, text: string): void {
  if (text) appendFileSync(path.join(dir, "manifest.log"), text, { mode: 0o600 });
}

/** Replaces the manifest with one line per live entry (temp file + rename: readers see old or new). */
export function rewriteManifest(dir: string, manifest: Manifest): void {
  let text = "";
  for (const entry of manifest.sessions.values()) text += entryLine(entry);
  for (const folder of manifest.folders.values()) text += folderLine(folder);
  const temp = path.join(dir, `manifest.log.${process.pid}.tmp`);
  writeFileSync(temp, text, { mode: 0o600 });
  renameSync(temp, path.join(dir, "manifest.log"));
}

export const bucketOf = (hashA: number) => hashA % BUCKETS;
export const bucketPath = (dir: string, bucket: number) => path.join(dir, "b", `${bucket}.bin`);

/** Appends records to one bucket, first dropping a torn partial record a killed writer left. */
export function appendBucket(dir: string, bucket: number, records: Buffer): void {
  const fd = openSync(bucketPath(dir, bucket), "a+", 0o600);
  try {
    const size = fstatSync(fd).size;
    if (size % RECORD !== 0) ftruncateSync(fd, size - (size % RECORD));
    let written = 0;
    while (written < records.length) written += writeSync(fd, records, written, records.length - written);
  } finally {
    closeSync(fd);
  }
}

/** A bucket's whole records as native-endian u32 words (a torn tail is cut off). */
export function readBucket(dir: string, bucket: number): Uint32Array {
  let bytes: Buffer;
  try {
    bytes = readFileSync(bucketPath(dir, bucket));
  } catch {
    return new Uint32Array(0);
  }
  const whole = bytes.length - (bytes.length % RECORD);
  // A Uint32Array view needs 4-byte alignment; small reads may sit anywhere in Node's pool.
  if (bytes.byteOffset % 4 !== 0) bytes = Buffer.from(bytes.subarray(0, whole));
  return new Uint32Array(bytes.buffer, bytes.byteOffset, whole / 4);
}

export const offsetsPath = (dir: string, sid: number) => path.join(dir, "o", `${sid}.bin`);

export function appendOffsets(dir: string, sid: number, offsets: number[]): void {
  if (offsets.length === 0) return;
  const buf = Buffer.allocUnsafe(offsets.length * 4);
  for (const [i, o] of offsets.entries()) buf.writeUInt32LE(o >>> 0, i * 4);
  appendFileSync(offsetsPath(dir, sid), buf, { mode: 0o600 });
}

/** The byte offset of message `index` of session `sid`, or undefined when not recorded. */
export function readOffset(dir: string, sid: number, index: number): number | undefined {
  try {
    const fd = openSync(offsetsPath(dir, sid), "r");
    try {
      const buf = Buffer.alloc(4);
      return readSync(fd, buf, 0, 4, index * 4) === 4 ? buf.readUInt32LE(0) : undefined;
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

export function removeOffsets(dir: string, sid: number): void {
  rmSync(offsetsPath(dir, sid), { force: true });
}

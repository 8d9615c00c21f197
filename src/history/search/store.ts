// The search index on disk, under `<sessions root>/.search/` (folder 0700, files 0600). It is a
// cache: any file missing, from another version or unreadable makes the next refresh rebuild it.
//   meta          {"version", "buckets"}: the format; anything else means rebuild
//   m/, folders.log, nextsid   which files are indexed (manifest.ts)
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
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import path from "node:path";

export const INDEX_DIR = ".search";
export const FORMAT_VERSION = 5;
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
  /** Its number in the live table. */
  no: number;
}

export class CorruptIndexError extends Error {}

export function readMeta(dir: string): { version: number; buckets: number } | undefined {
  try {
    const meta = JSON.parse(readFileSync(path.join(dir, "meta"), "utf8"));
    if (meta?.version === FORMAT_VERSION && meta.buckets === BUCKETS) return meta;
  } catch {}
  return undefined;
}

/** Empties the index folder and writes a fresh meta (the manifest starts empty). */
export function resetIndex(dir: string): void {
  for (const sub of [
    "b",
    "o",
    "m",
    "folders.log",
    "nextsid",
    "meta",
    "manifest.log",
    "live.bin",
    "live.ok",
  ]) {
    rmSync(path.join(dir, sub), { recursive: true, force: true });
  }
  for (const sub of ["b", "o", "m"]) mkdirSync(path.join(dir, sub), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dir, "nextsid"), "1", { mode: 0o600 });
  writeFileSync(path.join(dir, "meta"), JSON.stringify({ version: FORMAT_VERSION, buckets: BUCKETS }), {
    mode: 0o600,
  });
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

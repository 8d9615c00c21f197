// Listing sessions fast. Each folder has an index (list-index.ts) of every session file's summary.
// A warm listing trusts the index without looking at the files when the folder's mtime is the one
// the index recorded: creating, deleting or renaming a file changes it, and agenix bumps it after
// every in-place append. Otherwise (or with `rescan`) each file is lstat'ed and only files whose
// size or mtime changed are read again. The index is a cache; the files are the source of truth.
import { lstatSync, readdirSync, unlinkSync } from "node:fs";
import path from "node:path";
import {
  type CompactEntry,
  CompactWriter,
  ensureIndexDir,
  type FolderIndex,
  fromCompact,
  OLD_INDEX_FILE,
  readIndex,
  writeIndex,
} from "./list-index.js";
import { folderNameFor, isSessionFileName } from "./paths.js";
import { type SessionSummary, type StoredSummary, summarizeFile } from "./summary.js";
import { sweepStaleTemps } from "./sweep.js";

export { INDEX_FILE } from "./list-index.js";

/**
 * A folder mtime is trusted only once it is this old when a scan starts: file times come from a
 * coarse clock (a few ms on Linux, 1-2 s on some filesystems), so a change made in the same tick
 * as the scan could leave the mtime unchanged (the "racy timestamp" problem git also has).
 */
const SETTLE_MS = 2000;
/** Even an unchanged folder is checked file by file once a day (edits by other programs). */
export const RECHECK_MS = 24 * 60 * 60 * 1000;

export interface ListFolderOptions {
  /** Check every file's size and mtime even when the folder looks unchanged. */
  rescan?: boolean;
}

/** Summaries of every readable session file in one folder (unsorted). */
export function listFolder(folder: string, options: ListFolderOptions = {}): SessionSummary[] {
  let mtimeMs: number;
  try {
    const stat = lstatSync(folder);
    // A folder that is a symlink is never followed (as `--all` never lists one).
    if (!stat.isDirectory()) return [];
    mtimeMs = stat.mtimeMs;
  } catch {
    return [];
  }
  const index = readIndex(folder);
  const now = Date.now();
  const trusted =
    index !== undefined &&
    !options.rescan &&
    index.folderMtimeMs !== 0 &&
    index.folderMtimeMs === mtimeMs &&
    now >= index.checkedAt &&
    now - index.checkedAt < RECHECK_MS;
  return trusted ? fromIndex(folder, index) : rescanFolder(folder, index);
}

function fromIndex(folder: string, index: FolderIndex): SessionSummary[] {
  const out: SessionSummary[] = [];
  const prefix = folder + path.sep;
  for (const entry of index.entries) {
    const summary = fromCompact(entry, index.groups, `${prefix}${entry[0]}.json`);
    if (summary) out.push(summary);
  }
  return out;
}

/** The one place a listed summary is built, from the index or from a rescan. */
function summaryOf(prefix: string, id: string, s: StoredSummary): SessionSummary {
  return {
    id,
    working_dir: s.working_dir,
    model: s.model,
    created_at: s.created_at,
    updated_at: s.updated_at,
    metadata: s.metadata,
    message_count: s.message_count,
    first_message: s.first_message,
    path: `${prefix}${id}.json`,
  };
}

interface Scanned {
  id: string;
  size: number;
  mtimeMs: number;
  summary: StoredSummary | undefined;
}

/** lstat every session file, re-read the changed ones, and record the result in the index. */
function rescanFolder(folder: string, index: FolderIndex | undefined): SessionSummary[] {
  try {
    unlinkSync(path.join(folder, OLD_INDEX_FILE));
  } catch {}
  const canIndex = ensureIndexDir(folder);
  // The folder's mtime is read before the scan: a change during the scan makes it differ from
  // what is recorded, so the next listing checks again instead of trusting a stale index.
  let folderMtimeMs: number;
  let names: string[];
  const startedAt = Date.now();
  try {
    folderMtimeMs = lstatSync(folder).mtimeMs;
    names = readdirSync(folder);
    // Removing stale temp files changes the folder's mtime: read both again after a sweep.
    if (sweepStaleTemps(folder, names).length > 0) {
      folderMtimeMs = lstatSync(folder).mtimeMs;
      names = readdirSync(folder);
    }
  } catch {
    return [];
  }
  const old = new Map<string, CompactEntry>();
  for (const entry of index?.entries ?? []) old.set(entry[0], entry);
  const scanned: Scanned[] = [];
  let changed = index === undefined || old.size === 0;
  for (const name of names) {
    if (!isSessionFileName(name)) continue;
    let stat: ReturnType<typeof lstatSync>;
    try {
      // lstat: a symlink (e.g. to a file outside the sessions root) is not listed, never followed.
      stat = lstatSync(path.join(folder, name));
    } catch {
      continue;
    }
    if (!stat.isFile()) continue;
    const id = name.slice(0, -".json".length);
    const known = old.get(id);
    let summary: StoredSummary | undefined;
    if (index && known && known[1] === stat.size && known[2] === stat.mtimeMs) {
      summary = fromCompact(known, index.groups, "");
    } else {
      changed = true;
      summary = summarizeFile(path.join(folder, name), stat.size);
    }
    scanned.push({ id, size: stat.size, mtimeMs: stat.mtimeMs, summary });
  }
  if (scanned.length !== old.size) changed = true;
  const recorded = startedAt - folderMtimeMs >= SETTLE_MS ? folderMtimeMs : 0;
  // Skipped only when nothing changed and the index stays untrusted anyway.
  if (canIndex && (changed || recorded !== 0 || index?.folderMtimeMs !== 0)) {
    const compact = new CompactWriter();
    for (const s of scanned) compact.add(s.id, s.size, s.mtimeMs, s.summary);
    writeIndex(folder, {
      folderMtimeMs: recorded,
      checkedAt: startedAt,
      groups: compact.groups,
      entries: compact.entries,
    });
  }
  const prefix = folder + path.sep;
  const out: SessionSummary[] = [];
  for (const s of scanned) if (s.summary) out.push(summaryOf(prefix, s.id, s.summary));
  return out;
}

/**
 * Whether a session in the folder of `workingDir` belongs to it. Two directories can share a folder
 * (`/a_b` and `/a/b`); the file's working_dir decides. A file copied in by hand whose working_dir
 * maps to another folder (e.g. an export with `/project`) is shown where it was put.
 */
export function belongsTo(summary: SessionSummary, workingDir: string, folderName: string): boolean {
  if (summary.working_dir === workingDir) return true;
  return folderNameFor(summary.working_dir) !== folderName;
}

/** Newest first by updated_at, then by id (newest id first). */
export function compareNewestFirst(a: SessionSummary, b: SessionSummary): number {
  if (a.updated_at !== b.updated_at) return a.updated_at < b.updated_at ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

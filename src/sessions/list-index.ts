// The per-folder listing index: a rebuildable cache of each session file's summary, kept compact
// (one array per file, the folder's common working_dir stored once) because a warm listing of
// 10,000 sessions reads and parses it whole. It lives in `<folder>/.index/` so that rewriting it
// (temp file + rename) does not change the session folder's own mtime, which the index records.
import { mkdirSync, readFileSync, utimesSync } from "node:fs";
import type { SessionMetadata } from "../messages/types.js";
import { replaceCacheFile } from "./replace-file.js";
import type { SessionSummary, StoredSummary } from "./summary.js";

const INDEX_DIR = ".index";
export const INDEX_FILE = `${INDEX_DIR}/listing.json`;
/** Version 1 was `<folder>/.index.json` with object entries; it is deleted when seen. */
export const OLD_INDEX_FILE = ".index.json";
const INDEX_VERSION = 2;

/**
 * `[id, size, mtimeMs]` for a file `<id>.json` whose header cannot be read (remembered so it is not
 * re-read every time), else `[id, size, mtimeMs, updated_at, created_at, message_count,
 * first_message or 0, group]`, where `groups[group]` is the `[model, metadata, working_dir]` the file shares with
 * others: a folder's sessions mostly have the same ones, so each is stored and parsed once.
 */
export type CompactEntry =
  | [string, number, number]
  | [string, number, number, string, string, number, string | 0, number];

export type Group = [model: string, metadata: SessionMetadata, workingDir: string];

export interface FolderIndex {
  /** The folder's mtimeMs when the entries were known complete; 0 when they must be rechecked. */
  folderMtimeMs: number;
  /** When the files were last checked one by one (Date.now()). */
  checkedAt: number;
  groups: Group[];
  entries: CompactEntry[];
}

interface IndexFile {
  version: number;
  folder_mtime_ms: number;
  checked_at: number;
  groups: Group[];
  entries: CompactEntry[];
}

export function readIndex(folder: string): FolderIndex | undefined {
  try {
    const parsed = JSON.parse(readFileSync(`${folder}/${INDEX_FILE}`, "utf8")) as IndexFile;
    if (
      parsed?.version !== INDEX_VERSION ||
      !Array.isArray(parsed.entries) ||
      typeof parsed.folder_mtime_ms !== "number" ||
      typeof parsed.checked_at !== "number" ||
      !Array.isArray(parsed.groups)
    )
      return undefined;
    return {
      folderMtimeMs: parsed.folder_mtime_ms,
      checkedAt: parsed.checked_at,
      groups: parsed.groups,
      entries: parsed.entries,
    };
  } catch {
    return undefined;
  }
}

/** Creates `<folder>/.index/` (once: creating it changes the folder's mtime). False if it cannot. */
export function ensureIndexDir(folder: string): boolean {
  try {
    mkdirSync(`${folder}/${INDEX_DIR}`, { mode: 0o700 });
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EEXIST";
  }
}

export function writeIndex(folder: string, index: FolderIndex): void {
  const file: IndexFile = {
    version: INDEX_VERSION,
    folder_mtime_ms: index.folderMtimeMs,
    checked_at: index.checkedAt,
    groups: index.groups,
    entries: index.entries,
  };
  // The index is only a cache (e.g. a read-only sessions dir): listing still works without it.
  replaceCacheFile(`${folder}/${INDEX_FILE}`, JSON.stringify(file));
}

/** Builds compact entries, storing each distinct [model, metadata, working_dir] once. */
export class CompactWriter {
  readonly groups: Group[] = [];
  readonly entries: CompactEntry[] = [];
  private readonly groupIds = new Map<string, number>();
  private readonly byMetadata = new WeakMap<object, { model: string; workingDir: string; groupId: number }>();

  add(id: string, size: number, mtimeMs: number, s: StoredSummary | undefined): void {
    if (!s) {
      this.entries.push([id, size, mtimeMs]);
      return;
    }
    // Summaries read from an index share their group's metadata object: found without a stringify.
    const known = this.byMetadata.get(s.metadata);
    let groupId =
      known && known.model === s.model && known.workingDir === s.working_dir ? known.groupId : undefined;
    if (groupId === undefined) {
      const group: Group = [s.model, s.metadata, s.working_dir];
      const key = JSON.stringify(group);
      groupId = this.groupIds.get(key);
      if (groupId === undefined) {
        groupId = this.groups.push(group) - 1;
        this.groupIds.set(key, groupId);
      }
      this.byMetadata.set(s.metadata, { model: s.model, workingDir: s.working_dir, groupId });
    }
    const e: CompactEntry = [id, size, mtimeMs, s.updated_at, s.created_at, s.message_count, 0, groupId];
    if (s.first_message !== undefined) e[6] = s.first_message;
    this.entries.push(e);
  }
}

/**
 * The listed summary of a compact entry, at `path`; undefined for an unreadable file or a damaged
 * entry. Entries of one group share their metadata object: summaries are read-only views.
 */
export function fromCompact(entry: CompactEntry, groups: Group[], path: string): SessionSummary | undefined {
  if (entry.length !== 8) return undefined;
  const group = groups[entry[7]];
  if (!group) return undefined;
  return {
    id: entry[0],
    working_dir: group[2],
    model: group[0],
    created_at: entry[4],
    updated_at: entry[3],
    metadata: group[1],
    message_count: entry[5],
    first_message: entry[6] === 0 ? undefined : entry[6],
    path,
  };
}

/**
 * Marks a session folder as changed for listing. Creating, renaming and deleting files change a
 * folder's mtime by themselves; an in-place append does not, so agenix calls this after one.
 * Returns the error when it failed (the caller warns: listings may show old counts until a rescan).
 */
export function touchFolder(folder: string, io?: { touch?(folder: string): void }): unknown {
  try {
    if (io?.touch) io.touch(folder);
    else {
      const now = new Date();
      utimesSync(folder, now, now);
    }
    return undefined;
  } catch (error) {
    return error;
  }
}

// Bringing the search index up to date with the session files, at query time: no hook in storage.
// A folder whose mtime is unchanged is skipped (agenix touches a folder after an in-place append,
// and creating, renaming or deleting a file changes it anyway); every folder is rechecked file by
// file once a day. A changed file that only grew by appended messages costs only those messages;
// anything else (a rewrite, a metadata edit) re-indexes that one session under a new sid.
import { chmodSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { type FileStat, type IndexSink, indexAppended, indexWholeFile } from "./index-file.js";
import { lockIndex } from "./lock.js";
import { Manifest } from "./manifest.js";
import { PostingWriter } from "./postings.js";
import {
  CorruptIndexError,
  INDEX_DIR,
  readMeta,
  removeOffsets,
  resetIndex,
  type SessionEntry,
} from "./store.js";

export const RECHECK_MS = 24 * 60 * 60 * 1000;

export interface RefreshOptions {
  /** Check every file, even in folders that look unchanged. */
  rescan?: boolean;
  /** Throw the index away and build it again. */
  rebuild?: boolean;
  /** Called while sessions are indexed (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
  /** How long to wait for another process updating the index (ms). */
  waitMs?: number;
  /** Also load every folder's part of the manifest (a query needs them all). */
  loadAll?: boolean;
}

export interface RefreshResult {
  /** Sessions indexed in full. */
  indexed: number;
  /** Sessions updated by their appended messages only. */
  appended: number;
  removed: number;
  /** True when the index was (re)built from nothing. */
  rebuilt: boolean;
  /** True when another process held the index: it was used as it is. */
  busy: boolean;
  manifest: Manifest;
}

export const indexDir = (root: string) => path.join(root, INDEX_DIR);

interface Work {
  folder: string;
  name: string;
  stat: FileStat;
  old?: SessionEntry;
}

/** A result that counts nothing yet. */
function nothingDone(manifest: Manifest, rebuilt = false): RefreshResult {
  return { indexed: 0, appended: 0, removed: 0, rebuilt, busy: false, manifest };
}

/** Updates the index under `root` (created if missing); returns what it did and the manifest. */
export function refreshIndex(root: string, options: RefreshOptions = {}): RefreshResult {
  const dir = indexDir(root);
  const result = nothingDone(Manifest.empty(dir));
  try {
    if (!lstatSync(root).isDirectory()) return result;
  } catch {
    return result;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const release = lockIndex(dir, options.waitMs);
  if (!release) {
    result.busy = true;
    result.manifest = loadOrEmpty(dir);
    return result;
  }
  try {
    let manifest: Manifest | undefined;
    if (!options.rebuild && readMeta(dir)) {
      try {
        manifest = Manifest.load(dir);
      } catch (error) {
        if (!(error instanceof CorruptIndexError) && (error as NodeJS.ErrnoException).code !== "ENOENT")
          throw error;
      }
    }
    if (!manifest) {
      resetIndex(dir);
      manifest = Manifest.empty(dir);
      result.rebuilt = true;
    }
    result.manifest = manifest;
    try {
      new Updater(root, dir, manifest, result, options).run();
      if (options.loadAll) void manifest.sessions;
    } catch (error) {
      if (!(error instanceof CorruptIndexError) || result.rebuilt) throw error;
      // A damaged folder part: start again from the files.
      resetIndex(dir);
      const fresh = nothingDone(Manifest.empty(dir), true);
      new Updater(root, dir, fresh.manifest, fresh, options).run();
      if (options.loadAll) void fresh.manifest.sessions;
      return fresh;
    }
    return result;
  } finally {
    release();
  }
}

/**
 * Updates the index for one session file just saved (`file` inside `root`), without looking at
 * any other file: the cost of an incremental update when the saver says which file changed. The
 * folder's own check is left alone, so the next search still looks the folder over.
 */
export function refreshSessionFile(
  root: string,
  file: string,
  options: { waitMs?: number } = {},
): RefreshResult | undefined {
  const rel = path.relative(root, file);
  const [folder, name, ...rest] = rel.split(path.sep);
  if (!folder || !name || rest.length > 0 || folder === INDEX_DIR) return undefined;
  const dir = indexDir(root);
  if (!readMeta(dir)) return undefined; // no index yet: the first search builds it
  const release = lockIndex(dir, options.waitMs);
  if (!release) return undefined;
  try {
    const manifest = Manifest.load(dir);
    const result = nothingDone(manifest);
    new Updater(root, dir, manifest, result, {}).one(folder, name);
    return result;
  } catch (error) {
    if (error instanceof CorruptIndexError) return undefined; // the next search rebuilds it
    throw error;
  } finally {
    release();
  }
}

/** The manifest as it is (for readers while another process updates it). */
export function loadOrEmpty(dir: string): Manifest {
  try {
    if (readMeta(dir)) {
      const manifest = Manifest.load(dir);
      void manifest.sessions; // load every part now, while it is consistent
      return manifest;
    }
  } catch {}
  return Manifest.empty(dir);
}

class Updater implements IndexSink {
  readonly writer: PostingWriter;
  private pendingBytes = 0;

  constructor(
    readonly root: string,
    readonly dir: string,
    readonly manifest: Manifest,
    private readonly result: RefreshResult,
    private readonly options: RefreshOptions,
  ) {
    this.writer = new PostingWriter(dir);
  }

  run(): void {
    const work: Work[] = [];
    const folderChecks = new Map<string, number>();
    const present = new Set<string>();
    for (const folder of this.folders()) {
      present.add(folder);
      let mtimeMs: number;
      try {
        mtimeMs = lstatSync(path.join(this.root, folder)).mtimeMs;
      } catch {
        continue;
      }
      const check = this.manifest.folders.get(folder);
      const now = Date.now();
      const fresh =
        check && check.mtimeMs === mtimeMs && now >= check.checkedAt && now - check.checkedAt < RECHECK_MS;
      if (fresh && !this.options.rescan && !this.options.rebuild) continue;
      const unreadable = this.scanFolder(folder, work);
      folderChecks.set(folder, unreadable ? 0 : mtimeMs);
    }
    for (const folder of [...this.manifest.folders.keys()]) {
      if (present.has(folder)) continue;
      for (const entry of this.manifest.dropFolder(folder)) {
        removeOffsets(this.dir, entry.sid);
        this.result.removed++;
      }
    }
    let done = 0;
    for (const item of work) {
      // A file that could not be read whole (being written) makes its folder checked again next time.
      if (!this.update(item)) folderChecks.set(item.folder, 0);
      this.options.onProgress?.(++done, work.length);
      if (this.pendingBytes > 1 << 20) this.commit();
    }
    const now = Date.now();
    for (const [folder, mtimeMs] of folderChecks)
      this.manifest.setFolder({ folder, mtimeMs, checkedAt: now });
    this.commit();
  }

  /** Postings and offsets first, then the manifest lines that make them visible. */
  private commit(): void {
    this.writer.flush();
    this.manifest.commit();
    this.pendingBytes = 0;
  }

  private folders(): string[] {
    return readdirSync(this.root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== INDEX_DIR)
      .map((e) => e.name);
  }

  /** Brings one session file's entry up to date (what a save hook would call). */
  one(folder: string, name: string): void {
    const rel = `${folder}/${name}`;
    const old = [...this.manifest.folder(folder).values()].find((e) => e.rel === rel);
    let stat: FileStat | undefined;
    try {
      const s = lstatSync(path.join(this.root, rel));
      if (s.isFile()) stat = { size: s.size, mtimeMs: s.mtimeMs };
    } catch {}
    if (!stat) {
      if (old) this.remove(old);
    } else if (!old || old.size !== stat.size || old.mtimeMs !== stat.mtimeMs) {
      this.update({ folder, name, stat, old });
    }
    this.commit();
  }

  /** Queues new and changed files of one folder, removes vanished ones; true if one was unreadable. */
  private scanFolder(folder: string, work: Work[]): boolean {
    let names: string[];
    try {
      names = readdirSync(path.join(this.root, folder));
    } catch {
      return true;
    }
    const seen = new Set<string>();
    const byName = new Map<string, SessionEntry>();
    for (const entry of this.manifest.folder(folder).values())
      byName.set(entry.rel.slice(folder.length + 1), entry);
    let unreadable = false;
    for (const name of names) {
      if (!name.endsWith(".json") || name.startsWith(".") || name.length <= 5) continue;
      const rel = `${folder}/${name}`;
      let stat: FileStat;
      try {
        const s = lstatSync(path.join(this.root, rel));
        if (!s.isFile()) continue;
        stat = { size: s.size, mtimeMs: s.mtimeMs };
      } catch {
        unreadable = true;
        continue;
      }
      seen.add(rel);
      const old = byName.get(name);
      if (old && old.size === stat.size && old.mtimeMs === stat.mtimeMs) continue;
      work.push({ folder, name, stat, old });
    }
    for (const entry of byName.values()) if (!seen.has(entry.rel)) this.remove(entry);
    return unreadable;
  }

  private remove(entry: SessionEntry): void {
    this.manifest.remove(entry);
    removeOffsets(this.dir, entry.sid);
    this.result.removed++;
  }

  /** False when the file could not be indexed completely as it is now. */
  private update(item: Work): boolean {
    const rel = `${item.folder}/${item.name}`;
    if (item.old && item.old.end >= 0 && item.stat.size >= item.old.size) {
      const entry = indexAppended(this, rel, item.old, item.stat);
      if (entry) {
        this.store(entry);
        this.result.appended++;
        return entry.size >= 0;
      }
    }
    const entry = indexWholeFile(this, rel, item.stat);
    if (!entry) return false; // unreadable now (e.g. mid-write): the old entry stays
    if (item.old) this.remove(item.old);
    this.store(entry);
    this.result.indexed++;
    return entry.size >= 0;
  }

  private store(entry: SessionEntry): void {
    this.manifest.set(entry);
    this.pendingBytes += 300 + entry.count * 8;
  }
}

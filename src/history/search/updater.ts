// One pass of bringing the search index up to date: which folders to look at (mtime changed, or a
// day since their last check), which files in them are new, changed or gone, and indexing each
// changed file by its appended messages or in full. refresh.ts takes the lock and handles a
// damaged index; this file does the work under it.
import { lstatSync, readdirSync } from "node:fs";
import path from "node:path";
import { type FileStat, type IndexSink, indexAppended, indexWholeFile } from "./index-file.js";
import type { Manifest } from "./manifest.js";
import { PostingWriter } from "./postings.js";
import { INDEX_DIR, removeOffsets, type SessionEntry } from "./store.js";

export const RECHECK_MS = 24 * 60 * 60 * 1000;

export interface UpdateOptions {
  /** Check every file, even in folders that look unchanged. */
  rescan?: boolean;
  /** The index is being built again: check every folder. */
  rebuild?: boolean;
  /** Called while sessions are indexed (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

/** What an update did, counted into the caller's result. */
export interface UpdateCounts {
  /** Sessions indexed in full. */
  indexed: number;
  /** Sessions updated by their appended messages only. */
  appended: number;
  removed: number;
}

interface Work {
  folder: string;
  name: string;
  stat: FileStat;
  old?: SessionEntry;
}

export class Updater implements IndexSink {
  readonly writer: PostingWriter;
  private pendingBytes = 0;

  constructor(
    readonly root: string,
    readonly dir: string,
    readonly manifest: Manifest,
    private readonly result: UpdateCounts,
    private readonly options: UpdateOptions,
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

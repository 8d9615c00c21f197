// Bringing the search index up to date with the session files, at query time: no hook in storage.
// A folder whose mtime is unchanged is skipped (agenix touches a folder after an in-place append,
// and creating, renaming or deleting a file changes it anyway); every folder is rechecked file by
// file once a day. A changed file that only grew by appended messages costs only those messages;
// anything else (a rewrite, a metadata edit) re-indexes that one session under a new sid.
// (The pass itself is in updater.ts; this file locks the index and starts again when it is damaged.)
import { chmodSync, lstatSync, mkdirSync } from "node:fs";
import path from "node:path";
import { lockIndex } from "./lock.js";
import { Manifest } from "./manifest.js";
import { CorruptIndexError, INDEX_DIR, readMeta, resetIndex } from "./store.js";
import { type UpdateCounts, type UpdateOptions, Updater } from "./updater.js";

export { RECHECK_MS } from "./updater.js";

export interface RefreshOptions extends UpdateOptions {
  /** Throw the index away and build it again. */
  rebuild?: boolean;
  /** How long to wait for another process updating the index (ms). */
  waitMs?: number;
  /** Also load every folder's part of the manifest (a query needs them all). */
  loadAll?: boolean;
}

export interface RefreshResult extends UpdateCounts {
  /** True when the index was (re)built from nothing. */
  rebuilt: boolean;
  /** True when another process held the index: it was used as it is. */
  busy: boolean;
  manifest: Manifest;
}

export const indexDir = (root: string) => path.join(root, INDEX_DIR);

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

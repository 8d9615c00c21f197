// A local copy of the last listing of a working directory (or of all of them), reused while the
// server says those rows are unchanged: the PostgreSQL counterpart of the file store's per-folder
// listing index. Listing 10,000 sessions otherwise decodes 10,000 rows on every `sessions list`.
//
// The server's answer is a fingerprint of the rows a listing reads: their count and two sums over
// each row's `xmin` (the transaction that last wrote it, new on every INSERT and UPDATE, so every
// save, rename, tag or delete changes it; the second sum mixes each value so that two different
// sets practically never agree). The fingerprint is read before the rows, so a cache is
// never older than its fingerprint; a change in between only makes the next listing read again.
// When it differs, the rows written since are read and merged in if the result adds up to the
// fingerprint (each cached summary keeps its row's `xmin` for that); else every row is (listing.ts).
// The file is kept in the compact format of the file store's index, with the version where files
// keep their size, mode 0600 (it holds names and first messages), and is only a cache: any problem
// reading or writing it means reading the rows.
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { type CompactEntry, CompactWriter, fromCompact, type Group } from "../list-index.js";
import { replaceCacheFile } from "../replace-file.js";
import type { SessionSummary } from "../summary.js";

const CACHE_VERSION = 2;

/** A listed session and its row's version (`xmin`) when it was read. */
export interface VersionedSummary {
  summary: SessionSummary;
  version: number;
}

export interface CachedListing {
  fingerprint: string;
  /** In listing order. */
  rows: VersionedSummary[];
}

interface CacheFile {
  version: number;
  fingerprint: string;
  groups: Group[];
  entries: CompactEntry[];
}

export class ListingCache {
  /**
   * @param dir folder of the cache files (created 0700 when first written)
   * @param store who and where, e.g. `user@host:port/database`: two stores or roles never share a file
   */
  constructor(
    private readonly dir: string,
    private readonly store: string,
  ) {}

  /** The last listing of `scope` (a working directory, or undefined for all), if there is one. */
  async read(
    scope: string | undefined,
    location: (id: string) => string,
  ): Promise<CachedListing | undefined> {
    let cached: CacheFile;
    try {
      cached = JSON.parse(await readFile(this.file(scope), "utf8")) as CacheFile;
    } catch {
      return undefined;
    }
    if (cached?.version !== CACHE_VERSION || typeof cached.fingerprint !== "string") return undefined;
    if (!Array.isArray(cached.entries) || !Array.isArray(cached.groups)) return undefined;
    const rows: VersionedSummary[] = [];
    for (const entry of cached.entries) {
      const summary = Array.isArray(entry) ? fromCompact(entry, cached.groups, "") : undefined;
      if (!summary || typeof summary.id !== "string" || typeof entry[1] !== "number") return undefined;
      summary.path = location(summary.id);
      rows.push({ summary, version: entry[1] });
    }
    return { fingerprint: cached.fingerprint, rows };
  }

  /** Keeps `rows` (already in listing order) as the listing of `scope` at `fingerprint`. */
  write(scope: string | undefined, fingerprint: string, rows: VersionedSummary[]): void {
    const compact = new CompactWriter();
    for (const { summary, version } of rows) compact.add(summary.id, version, 0, summary);
    const file: CacheFile = {
      version: CACHE_VERSION,
      fingerprint,
      groups: compact.groups,
      entries: compact.entries,
    };
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    } catch {
      return;
    }
    replaceCacheFile(this.file(scope), JSON.stringify(file));
  }

  private file(scope: string | undefined): string {
    const key = createHash("sha256")
      .update(`${this.store}\u0000${scope ?? "\u0000all"}`)
      .digest("hex")
      .slice(0, 32);
    return path.join(this.dir, `listing-${key}.json`);
  }
}

// A local copy of the last listing of a working directory (or of all of them), reused while the
// server says those rows are unchanged: the PostgreSQL counterpart of the file store's per-folder
// listing index. Listing 10,000 sessions otherwise decodes 10,000 rows on every `sessions list`.
//
// The server's answer is a fingerprint of the rows a listing reads: their count and two sums over
// each row's `xmin` (the transaction that last wrote it, new on every INSERT and UPDATE, so every
// save, rename, tag or delete changes it). The fingerprint is read before the rows, so a cache is
// never older than its fingerprint; a change in between only makes the next listing read again.
// The file is kept in the compact format of the file store's index, mode 0600 (it holds names and
// first messages), and is only a cache: any problem reading or writing it means reading the rows.
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { type CompactEntry, CompactWriter, fromCompact, type Group, writeCacheFile } from "../list-index.js";
import type { SessionSummary } from "../summary.js";

const CACHE_VERSION = 1;

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

  /**
   * The cached summaries of `scope` (a working directory, or undefined for all) if `fingerprint`
   * (awaited after the file is read and parsed: the server computes it meanwhile) still matches.
   */
  async read(
    scope: string | undefined,
    fingerprint: Promise<string>,
    location: (id: string) => string,
  ): Promise<SessionSummary[] | undefined> {
    fingerprint.catch(() => {}); // its error is the caller's, below; not unhandled while reading
    const text = await readFile(this.file(scope), "utf8").catch(() => undefined);
    let cached: CacheFile | undefined;
    try {
      cached = text === undefined ? undefined : (JSON.parse(text) as CacheFile);
    } catch {}
    const current = await fingerprint;
    if (cached?.version !== CACHE_VERSION || cached.fingerprint !== current) return undefined;
    if (!Array.isArray(cached.entries) || !Array.isArray(cached.groups)) return undefined;
    const out: SessionSummary[] = [];
    for (const entry of cached.entries) {
      const summary = Array.isArray(entry) ? fromCompact(entry, cached.groups, "") : undefined;
      if (!summary || typeof summary.id !== "string") return undefined;
      summary.path = location(summary.id);
      out.push(summary);
    }
    return out;
  }

  /** Keeps `summaries` (already in listing order) as the listing of `scope` at `fingerprint`. */
  write(scope: string | undefined, fingerprint: string, summaries: SessionSummary[]): void {
    const compact = new CompactWriter();
    for (const s of summaries) compact.add(s.id, 0, 0, s);
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
    writeCacheFile(this.file(scope), JSON.stringify(file));
  }

  private file(scope: string | undefined): string {
    const key = createHash("sha256")
      .update(`${this.store}\u0000${scope ?? "\u0000all"}`)
      .digest("hex")
      .slice(0, 32);
    return path.join(this.dir, `listing-${key}.json`);
  }
}

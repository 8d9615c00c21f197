// Listing on PostgreSQL: the rows' summaries, through the local listing cache when there is one
// (list-cache.ts). Unchanged fingerprint: the cache is the listing. Changed: the rows written since
// the cache are read and merged in when the result adds up to the fingerprint; else every row is.
import { compareNewestFirst } from "../list.js";
import type { SessionSummary } from "../summary.js";
import type { Pool } from "./connection.js";
import type { SessionDatabase } from "./database.js";
import type { ListingCache, VersionedSummary } from "./list-cache.js";
import { fingerprintOf, listingFingerprint, selectSummaries, selectSummariesAfter } from "./queries.js";
import { type SummaryRow, summaryFromRow } from "./rows.js";

export interface ListingRequest {
  db: SessionDatabase;
  cache: ListingCache | undefined;
  /** undefined: every working directory. */
  workingDir: string | undefined;
  location: (id: string) => string;
  /** Read every row whatever the cache says (the cache is then rewritten). */
  rescan?: boolean;
}

export async function listSummaries(request: ListingRequest): Promise<SessionSummary[]> {
  const { db, cache, workingDir, location } = request;
  const read = (rows: SummaryRow[]): VersionedSummary[] =>
    rows.map((row) => ({ summary: summaryFromRow(row, location), version: Number(row[8]) }));
  const run = <T>(job: (pool: Pool) => Promise<T>) => db.run("listing", job);
  if (!cache)
    return sorted(read(await run((pool) => selectSummaries(pool, workingDir)))).map((r) => r.summary);

  // Read before the rows (a cache is never older than its fingerprint), while the file is parsed.
  const fingerprint = run((pool) => listingFingerprint(pool, workingDir));
  fingerprint.catch(() => {}); // its error is the listing's, below; not unhandled while reading
  const previous = request.rescan ? undefined : await cache.read(workingDir, location);
  const current = await fingerprint;
  if (previous?.fingerprint === current) return previous.rows.map((row) => row.summary);

  let rows: VersionedSummary[] | undefined;
  if (previous) {
    // Usually a few sessions were saved since: read the rows written after the newest cached
    // version, and keep the result only if it adds up to the server's fingerprint (a deletion, or a
    // transaction that committed out of order, makes it differ: then every row is read).
    const newest = previous.rows.reduce((max, row) => Math.max(max, row.version), 0);
    const fresh = read(await run((pool) => selectSummariesAfter(pool, workingDir, newest)));
    const replaced = new Set(fresh.map((row) => row.summary.id));
    const merged = previous.rows.filter((row) => !replaced.has(row.summary.id)).concat(fresh);
    if (fingerprintOf(merged.map((row) => row.version)) === current) rows = merged;
  }
  rows ??= read(await run((pool) => selectSummaries(pool, workingDir)));
  const listed = sorted(rows);
  cache.write(workingDir, current, listed);
  return listed.map((row) => row.summary);
}

function sorted(rows: VersionedSummary[]): VersionedSummary[] {
  return rows.sort((a, b) => compareNewestFirst(a.summary, b.summary));
}

// Listing sessions fast: a per-folder index (`.index.json`) remembers each file's summary keyed by
// name, size and mtime, so a warm listing only stats files. The index is a cache: a missing or
// corrupt one is rebuilt from the files, and it is rewritten only when something changed.
import { randomBytes } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { SessionSummary } from "./format.js";
import { folderNameFor, isSessionFileName } from "./paths.js";
import { type StoredSummary, summarizeFile, toSummary } from "./summary.js";

export const INDEX_FILE = ".index.json";
const INDEX_VERSION = 1;

interface IndexEntry {
  size: number;
  mtimeMs: number;
  /** null for a file whose header cannot be read (remembered so it is not re-read every time). */
  summary: StoredSummary | null;
}

interface FolderIndex {
  version: number;
  entries: Record<string, IndexEntry>;
}

function readIndex(folder: string): Record<string, IndexEntry> {
  try {
    const parsed = JSON.parse(readFileSync(path.join(folder, INDEX_FILE), "utf8")) as FolderIndex;
    if (parsed?.version !== INDEX_VERSION || typeof parsed.entries !== "object" || !parsed.entries) return {};
    return parsed.entries;
  } catch {
    return {};
  }
}

function writeIndex(folder: string, entries: Record<string, IndexEntry>): void {
  const target = path.join(folder, INDEX_FILE);
  const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    writeFileSync(temp, JSON.stringify({ version: INDEX_VERSION, entries }), { mode: 0o600 });
    renameSync(temp, target);
  } catch {
    // The index is only a cache (e.g. a read-only sessions dir): listing still works without it.
    try {
      unlinkSync(temp);
    } catch {}
  }
}

/** Summaries of every readable session file in one folder. */
export function listFolder(folder: string): SessionSummary[] {
  let names: string[];
  try {
    names = readdirSync(folder).filter(isSessionFileName);
  } catch {
    return [];
  }
  const old = readIndex(folder);
  const fresh: Record<string, IndexEntry> = {};
  let changed = Object.keys(old).length !== names.length;
  const out: SessionSummary[] = [];
  for (const name of names) {
    const file = path.join(folder, name);
    let stat: ReturnType<typeof lstatSync>;
    try {
      // lstat: a symlink (e.g. to a file outside the sessions root) is not listed, never followed.
      stat = lstatSync(file);
    } catch {
      continue;
    }
    if (!stat.isFile()) continue;
    let entry: IndexEntry | undefined = old[name];
    if (!entry || entry.size !== stat.size || entry.mtimeMs !== stat.mtimeMs || entry.summary === undefined) {
      changed = true;
      entry = { size: stat.size, mtimeMs: stat.mtimeMs, summary: summarizeFile(file, stat.size) ?? null };
    }
    fresh[name] = entry;
    if (entry.summary) out.push(toSummary(file, entry.summary));
  }
  if (changed) writeIndex(folder, fresh);
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

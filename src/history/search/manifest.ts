// Which session files the index holds, sharded by session folder so that updating one folder reads
// and writes only that folder's part:
//   m/<folder>.log  one JSON array per line: a session entry, or a removal; later lines win; a torn
//                   last line (a killed writer) is ignored; rewritten when mostly stale
//   folders.log     when each folder was last checked (its mtime then)
//   nextsid         the next session number (sids are never reused: old postings stay dead)
import { appendFileSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CorruptIndexError, type FolderCheck, type SessionEntry } from "./store.js";

type SessionLine = [
  "s",
  number,
  string,
  number,
  number,
  number,
  number,
  string,
  string,
  string,
  string[],
  string,
  string[],
  string,
  string,
];
type Line = SessionLine | ["d", number] | ["f", string, number, number];

function entryLine(e: SessionEntry): string {
  const line: SessionLine = [
    "s",
    e.sid,
    e.rel,
    e.size,
    e.mtimeMs,
    e.end,
    e.count,
    e.tail,
    e.id,
    e.workingDir,
    e.models,
    e.name,
    e.tags,
    e.createdAt,
    e.updatedAt,
  ];
  return `${JSON.stringify(line)}\n`;
}

const folderLine = (f: FolderCheck) => `${JSON.stringify(["f", f.folder, f.mtimeMs, f.checkedAt])}\n`;
const folderOf = (rel: string) => rel.slice(0, rel.indexOf("/"));

/** Parsed lines of a log; throws CorruptIndexError for a damaged line that is not the last. */
function readLines(file: string): Line[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf("\n", start);
    if (nl === -1) break; // torn last line: its writer died before the newline
    try {
      lines.push(JSON.parse(text.slice(start, nl)) as Line);
    } catch {
      throw new CorruptIndexError(`${path.basename(file)}: a line does not parse`);
    }
    start = nl + 1;
  }
  return lines;
}

function replaceFile(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text, { mode: 0o600 });
  renameSync(temp, file);
}

interface FolderPart {
  entries: Map<number, SessionEntry>;
  lines: number;
  pending: string;
}

export class Manifest {
  readonly folders = new Map<string, FolderCheck>();
  nextSid = 1;
  private readonly parts = new Map<string, FolderPart>();
  private readonly all = new Map<number, SessionEntry>();
  private foldersPending = "";
  private foldersLines = 0;
  private complete = false;

  private constructor(private readonly dir: string) {}

  static empty(dir: string): Manifest {
    return new Manifest(dir);
  }

  /** Reads nextsid and folders.log; folder parts load on demand. */
  static load(dir: string): Manifest {
    const manifest = new Manifest(dir);
    const next = Number(readFileSync(path.join(dir, "nextsid"), "utf8"));
    if (!Number.isInteger(next) || next < 1) throw new CorruptIndexError("nextsid is not a number");
    manifest.nextSid = next;
    for (const line of readLines(path.join(dir, "folders.log"))) {
      if (line[0] !== "f") throw new CorruptIndexError("folders.log holds another kind of line");
      manifest.folders.set(line[1], { folder: line[1], mtimeMs: line[2], checkedAt: line[3] });
      manifest.foldersLines++;
    }
    return manifest;
  }

  private partFile(folder: string): string {
    return path.join(this.dir, "m", `${folder}.log`);
  }

  /** The entries of one session folder (loaded on first use). */
  folder(folder: string): Map<number, SessionEntry> {
    return this.part(folder).entries;
  }

  private part(folder: string): FolderPart {
    let part = this.parts.get(folder);
    if (part) return part;
    part = { entries: new Map(), lines: 0, pending: "" };
    for (const line of readLines(this.partFile(folder))) {
      part.lines++;
      if (line[0] === "s") {
        const [
          ,
          sid,
          rel,
          size,
          mtimeMs,
          end,
          count,
          tail,
          id,
          workingDir,
          models,
          name,
          tags,
          createdAt,
          updatedAt,
        ] = line;
        part.entries.set(sid, {
          sid,
          rel,
          size,
          mtimeMs,
          end,
          count,
          tail,
          id,
          workingDir,
          models,
          name,
          tags,
          createdAt,
          updatedAt,
        });
      } else if (line[0] === "d") part.entries.delete(line[1]);
      else throw new CorruptIndexError("a folder log holds another kind of line");
    }
    for (const [sid, entry] of part.entries) this.all.set(sid, entry);
    this.parts.set(folder, part);
    return part;
  }

  /** Every session entry (loads every folder part). */
  get sessions(): Map<number, SessionEntry> {
    if (!this.complete) {
      let names: string[] = [];
      try {
        names = readdirSync(path.join(this.dir, "m"));
      } catch {}
      for (const name of names) if (name.endsWith(".log")) this.part(name.slice(0, -4));
      this.complete = true;
    }
    return this.all;
  }

  set(entry: SessionEntry): void {
    const part = this.part(folderOf(entry.rel));
    part.entries.set(entry.sid, entry);
    this.all.set(entry.sid, entry);
    part.pending += entryLine(entry);
  }

  remove(entry: SessionEntry): void {
    const part = this.part(folderOf(entry.rel));
    part.entries.delete(entry.sid);
    this.all.delete(entry.sid);
    part.pending += `${JSON.stringify(["d", entry.sid])}\n`;
  }

  setFolder(check: FolderCheck): void {
    this.folders.set(check.folder, check);
    this.foldersPending += folderLine(check);
  }

  /** Forgets a folder that is gone, with all its entries. */
  dropFolder(folder: string): SessionEntry[] {
    const gone = [...this.folder(folder).values()];
    for (const entry of gone) this.all.delete(entry.sid);
    this.parts.delete(folder);
    rmSync(this.partFile(folder), { force: true });
    this.folders.delete(folder);
    return gone;
  }

  /** Writes what changed: nextsid first, then the folder parts, then the folder checks. */
  commit(): void {
    replaceFile(path.join(this.dir, "nextsid"), String(this.nextSid));
    for (const [folder, part] of this.parts) {
      if (!part.pending) continue;
      const added = part.pending.split("\n").length - 1;
      if (part.lines + added > 2 * part.entries.size + 50) {
        let text = "";
        for (const entry of part.entries.values()) text += entryLine(entry);
        replaceFile(this.partFile(folder), text);
        part.lines = part.entries.size;
      } else {
        appendFileSync(this.partFile(folder), part.pending, { mode: 0o600 });
        part.lines += added;
      }
      part.pending = "";
    }
    if (this.foldersPending) {
      const added = this.foldersPending.split("\n").length - 1;
      if (this.foldersLines + added > 2 * this.folders.size + 50) {
        replaceFile(path.join(this.dir, "folders.log"), [...this.folders.values()].map(folderLine).join(""));
        this.foldersLines = this.folders.size;
      } else {
        appendFileSync(path.join(this.dir, "folders.log"), this.foldersPending, { mode: 0o600 });
        this.foldersLines += added;
      }
      this.foldersPending = "";
    }
  }
}

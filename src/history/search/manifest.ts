// Which session files the index holds, sharded by session folder so that updating one folder reads
// and writes only that folder's part:
//   m/<folder>.log  one JSON array per line: a session entry, or a removal; later lines win; a torn
//                   last line (a killed writer) is ignored; rewritten when mostly stale
//   folders.log     when each folder was last checked (its mtime then)
//   nextsid         the next session number (sids are never reused: old postings stay dead)
//   live.bin        per sid, two u32: message count + 1 (0: not indexed) and its folder's number,
//                   so a query checks postings and ranks without parsing any folder part; written
//                   last, and `live.ok` marks it complete (a writer that died mid-commit leaves no
//                   live.ok: readers then use the folder parts, and the next update rebuilds it)
import {
  appendFileSync,
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { replaceFileSync as replaceFile } from "../../sessions/replace-file.js";
import { entryFromLine, entryLine, folderLine, folderOf, readLines } from "./manifest-log.js";
import { CorruptIndexError, type FolderCheck, type SessionEntry } from "./store.js";

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
  private readonly liveChanges = new Map<number, [number, number]>();
  /** True when a session was added or removed (not only given more messages) since the last commit. */
  private sessionsChanged = false;
  private savedNextSid = 0;
  private liveRebuild = false;
  private readonly folderNames = new Map<number, string>();
  private nextFolderNo = 1;

  private constructor(private readonly dir: string) {}

  static empty(dir: string): Manifest {
    const manifest = new Manifest(dir);
    manifest.liveRebuild = true;
    return manifest;
  }

  /** Reads nextsid and folders.log; folder parts load on demand. */
  static load(dir: string): Manifest {
    const manifest = new Manifest(dir);
    const next = Number(readFileSync(path.join(dir, "nextsid"), "utf8"));
    if (!Number.isInteger(next) || next < 1) throw new CorruptIndexError("nextsid is not a number");
    manifest.nextSid = next;
    manifest.savedNextSid = next;
    for (const line of readLines(path.join(dir, "folders.log"))) {
      if (line[0] !== "f") throw new CorruptIndexError("folders.log holds another kind of line");
      const no = line[4];
      if (!Number.isInteger(no) || no < 1)
        throw new CorruptIndexError("folders.log: a folder without a number");
      manifest.folders.set(line[1], { folder: line[1], mtimeMs: line[2], checkedAt: line[3], no });
      manifest.folderNames.set(no, line[1]);
      if (no >= manifest.nextFolderNo) manifest.nextFolderNo = no + 1;
      manifest.foldersLines++;
    }
    manifest.liveRebuild = !existsSync(path.join(dir, "live.ok"));
    return manifest;
  }

  /** The folder's number (assigned on first use; kept in folders.log). */
  folderNo(folder: string): number {
    const known = this.folders.get(folder);
    if (known) return known.no;
    const no = this.nextFolderNo++;
    this.folders.set(folder, { folder, mtimeMs: 0, checkedAt: 0, no });
    this.folderNames.set(no, folder);
    this.foldersPending += folderLine(this.folders.get(folder)!);
    return no;
  }

  /**
   * The live table (see the file comment) when it is complete, else undefined (use `sessions`).
   * Entry `2 * sid` is the message count + 1, `2 * sid + 1` the folder number.
   */
  liveTable(): Uint32Array | undefined {
    if (this.liveRebuild) return undefined;
    try {
      const bytes = readFileSync(path.join(this.dir, "live.bin"));
      if (!existsSync(path.join(this.dir, "live.ok"))) return undefined;
      const whole = bytes.length - (bytes.length % 8);
      const aligned = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
      return new Uint32Array(aligned.buffer, aligned.byteOffset, whole / 4);
    } catch {
      return undefined;
    }
  }

  /** The entry of a session by sid, loading only its folder's part (via the live table). */
  entry(sid: number, live: Uint32Array | undefined): SessionEntry | undefined {
    const known = this.all.get(sid);
    if (known || !live) return known ?? (this.complete ? undefined : this.sessions.get(sid));
    const folder = this.folderNames.get(live[2 * sid + 1] ?? 0);
    return folder === undefined ? undefined : this.folder(folder).get(sid);
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
        const entry = entryFromLine(line);
        part.entries.set(entry.sid, entry);
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
    const folder = folderOf(entry.rel);
    const part = this.part(folder);
    if (!part.entries.has(entry.sid)) this.sessionsChanged = true;
    part.entries.set(entry.sid, entry);
    this.all.set(entry.sid, entry);
    part.pending += entryLine(entry);
    this.liveChanges.set(entry.sid, [entry.count + 1, this.folderNo(folder)]);
  }

  remove(entry: SessionEntry): void {
    const part = this.part(folderOf(entry.rel));
    part.entries.delete(entry.sid);
    this.all.delete(entry.sid);
    part.pending += `${JSON.stringify(["d", entry.sid])}\n`;
    this.liveChanges.set(entry.sid, [0, 0]);
    this.sessionsChanged = true;
  }

  setFolder(check: Omit<FolderCheck, "no">): void {
    const full = { ...check, no: this.folderNo(check.folder) };
    this.folders.set(check.folder, full);
    this.foldersPending += folderLine(full);
  }

  /** Forgets a folder that is gone, with all its entries. */
  dropFolder(folder: string): SessionEntry[] {
    const gone = [...this.folder(folder).values()];
    for (const entry of gone) {
      this.all.delete(entry.sid);
      this.liveChanges.set(entry.sid, [0, 0]);
    }
    this.sessionsChanged = true;
    this.parts.delete(folder);
    rmSync(this.partFile(folder), { force: true });
    this.folders.delete(folder);
    return gone;
  }

  /** Writes what changed: nextsid, the folder parts, the folder checks, then the live table. */
  commit(): void {
    const changed = this.liveChanges.size > 0 || this.liveRebuild;
    // Sessions added or removed: live.ok goes until the table is written, so a writer that dies in
    // between leaves it missing (and the table is rebuilt). A session that only got more messages
    // needs no such guard: if the table's count is ahead of the part's, the next update indexes those
    // messages again and a query counts a repeated posting once.
    const guarded = changed && (this.sessionsChanged || this.liveRebuild);
    if (guarded) rmSync(path.join(this.dir, "live.ok"), { force: true });
    if (this.nextSid !== this.savedNextSid) {
      replaceFile(path.join(this.dir, "nextsid"), String(this.nextSid));
      this.savedNextSid = this.nextSid;
    }
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
    if (changed) this.writeLive();
    if (guarded) writeFileSync(path.join(this.dir, "live.ok"), "", { mode: 0o600 });
    this.sessionsChanged = false;
  }

  private writeLive(): void {
    const file = path.join(this.dir, "live.bin");
    if (this.liveRebuild) {
      const table = new Uint32Array(2 * this.nextSid);
      for (const entry of this.sessions.values()) {
        table[2 * entry.sid] = entry.count + 1;
        table[2 * entry.sid + 1] = this.folderNo(folderOf(entry.rel));
      }
      replaceFile(file, new Uint8Array(table.buffer));
      this.liveRebuild = false;
      this.liveChanges.clear();
      return;
    }
    let fd: number;
    try {
      fd = openSync(file, "r+");
    } catch {
      this.liveRebuild = true;
      this.writeLive();
      return;
    }
    try {
      const pair = new Uint32Array(2);
      for (const [sid, [count, no]] of this.liveChanges) {
        pair[0] = count;
        pair[1] = no;
        writeSync(fd, Buffer.from(pair.buffer), 0, 8, sid * 8);
      }
    } finally {
      closeSync(fd);
    }
    this.liveChanges.clear();
  }
}

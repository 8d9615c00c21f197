// `agenix sessions search`: words (all must match; ranked by relevance, then recency), "exact
// phrases", or a regular expression, with filters. Words and phrases go through the index; every
// hit shown is checked against the message itself (the index stores word hashes, not words). A
// regular expression cannot use a word index: it reads the sessions that pass the filters.
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import path from "node:path";
import type { Message, SessionData } from "../../messages/types.js";
import { epochSeconds, messageText, metadataText, ROLE_NAMES, type SearchRole } from "./extract.js";
import type { Manifest } from "./manifest.js";
import { containsAll, parseQuery, type SearchHit, type SearchQuery } from "./query-language.js";
import { indexDir, type RefreshOptions, type RefreshResult, refreshIndex } from "./refresh.js";
import { makeSnippet, matcherFor } from "./snippet.js";
import {
  bucketOf,
  CorruptIndexError,
  METADATA_MESSAGE,
  readBucket,
  readOffset,
  type SessionEntry,
} from "./store.js";
import { wordHash } from "./tokenize.js";

export interface SearchResult {
  hits: SearchHit[];
  refresh: RefreshResult;
}

export function searchSessions(root: string, query: SearchQuery, refresh: RefreshOptions = {}): SearchResult {
  const limit = query.limit ?? 20;
  const { regex, ...parsed } = parseQuery(query);
  const run = (result: RefreshResult) => {
    const context = new Context(root, result.manifest, query);
    return regex
      ? context.scan(regex, parsed.words, parsed.phrases, limit)
      : context.lookup(parsed.words, parsed.phrases, limit);
  };
  let result = refreshIndex(root, refresh);
  let hits: SearchHit[];
  try {
    hits = run(result);
  } catch (error) {
    // A folder part of the manifest that does not parse: rebuild the index from the files.
    if (!(error instanceof CorruptIndexError)) throw error;
    result = refreshIndex(root, { ...refresh, rebuild: true });
    hits = run(result);
  }
  return { hits, refresh: result };
}

interface Candidate {
  sid: number;
  message: number;
  role: number;
  time: number;
  score: number;
}

class Context {
  private readonly sessionOk = new Map<number, boolean>();
  private readonly parsed = new Map<number, SessionData | null>();
  private readonly dir: string;
  /** Counts and folders by sid (see manifest.ts); undefined: every folder part is read instead. */
  private readonly live: Uint32Array | undefined;

  constructor(
    private readonly root: string,
    private readonly manifest: Manifest,
    private readonly query: SearchQuery,
  ) {
    this.dir = indexDir(root);
    this.live = manifest.liveTable();
  }

  private entry(sid: number): SessionEntry | undefined {
    return this.manifest.entry(sid, this.live);
  }

  /** Messages indexed for a session, or -1 when it is not (any more). */
  private countOf(sid: number): number {
    if (this.live) return (this.live[2 * sid] ?? 0) - 1;
    return this.entry(sid)?.count ?? -1;
  }

  private totalDocs(): number {
    let total = 0;
    if (this.live) for (let i = 0; i < this.live.length; i += 2) total += this.live[i]!;
    else for (const e of this.manifest.sessions.values()) total += e.count + 1;
    return Math.max(1, total);
  }

  private sessionPasses(sid: number): boolean {
    let ok = this.sessionOk.get(sid);
    if (ok === undefined) {
      const q = this.query;
      const filtered = q.workingDir !== undefined || q.model !== undefined || q.tag !== undefined;
      const e = filtered ? this.entry(sid) : undefined;
      ok =
        (!filtered || e !== undefined) &&
        (q.workingDir === undefined || e?.workingDir === q.workingDir) &&
        (q.model === undefined || (e?.models.includes(q.model) ?? false)) &&
        (q.tag === undefined || (e?.tags.includes(q.tag) ?? false));
      this.sessionOk.set(sid, ok);
    }
    return ok;
  }

  private messagePasses(role: number, time: number): boolean {
    const q = this.query;
    if (q.role !== undefined && ROLE_NAMES[role] !== q.role) return false;
    if (q.since !== undefined && (time === 0 || time < q.since)) return false;
    if (q.until !== undefined && (time === 0 || time > q.until)) return false;
    return true;
  }

  lookup(words: string[], phrases: string[], limit: number): SearchHit[] {
    const totalDocs = this.totalDocs();
    const hashes = words.map(wordHash);
    const byBucket = new Map<number, Uint32Array>();
    const perWord: Map<number, Candidate>[] = [];
    for (const hash of hashes) {
      const bucket = bucketOf(hash.a);
      let records = byBucket.get(bucket);
      if (!records) {
        records = readBucket(this.dir, bucket);
        byBucket.set(bucket, records);
      }
      const docs = new Map<number, Candidate>();
      let df = 0;
      for (let at = 0; at < records.length; at += 5) {
        if (records[at] !== hash.a || (records[at + 1]! & 0xffff) !== hash.b) continue;
        const sid = records[at + 2]!;
        const count = this.countOf(sid);
        if (count < 0) continue;
        const message = records[at + 3]!;
        if (message !== METADATA_MESSAGE && message >= count) continue;
        const key = sid * 0x100000000 + message;
        if (docs.has(key)) continue; // a record written twice by a writer that died before committing
        df++;
        const packed = records[at + 1]!;
        const role = (packed >>> 16) & 0xff;
        const time = records[at + 4]!;
        if (!this.sessionPasses(sid) || !this.messagePasses(role, time)) continue;
        if (message === METADATA_MESSAGE && this.query.role !== undefined) continue;
        const tf = packed >>> 24;
        docs.set(key, { sid, message, role, time, score: tf / (tf + 1.2) });
      }
      const idf = Math.log(1 + totalDocs / Math.max(1, df));
      for (const c of docs.values()) c.score *= idf;
      perWord.push(docs);
    }
    perWord.sort((a, b) => a.size - b.size);
    const [smallest, ...others] = perWord;
    const candidates: Candidate[] = [];
    for (const [key, c] of smallest ?? []) {
      let score = c.score;
      let all = true;
      for (const other of others) {
        const o = other.get(key);
        if (!o) {
          all = false;
          break;
        }
        score += o.score;
      }
      if (all) candidates.push({ ...c, score });
    }
    candidates.sort((a, b) => b.score - a.score || b.time - a.time || b.sid - a.sid || b.message - a.message);
    const matcher = matcherFor(words, phrases);
    const hits: SearchHit[] = [];
    for (const c of candidates) {
      if (hits.length >= limit) break;
      if (!this.entry(c.sid)) continue;
      const text = this.docText(c.sid, c.message);
      if (text === undefined || !containsAll(text, words, phrases)) continue;
      hits.push(this.hit(c, text, matcher));
    }
    return hits;
  }

  scan(regex: RegExp, words: string[], phrases: string[], limit: number): SearchHit[] {
    const found: { c: Candidate; text: string }[] = [];
    for (const entry of this.manifest.sessions.values()) {
      if (!this.sessionPasses(entry.sid)) continue;
      const data = this.session(entry.sid);
      if (!data) continue;
      const docs: { message: number; role: number; time: number; text: string }[] = data.messages.map(
        (m, i) => ({
          message: i,
          role: ROLE_NAMES.indexOf(m.role as SearchRole),
          time: epochSeconds(m.timestamp),
          text: messageText(m),
        }),
      );
      if (this.query.role === undefined) {
        docs.push({
          message: METADATA_MESSAGE,
          role: 3,
          time: epochSeconds(data.updated_at),
          text: metadataText(data),
        });
      }
      for (const doc of docs) {
        if (!this.messagePasses(doc.role, doc.time)) continue;
        if (!regex.test(doc.text) || !containsAll(doc.text, words, phrases)) continue;
        found.push({
          c: { sid: entry.sid, message: doc.message, role: doc.role, time: doc.time, score: 1 },
          text: doc.text,
        });
      }
    }
    found.sort((a, b) => b.c.time - a.c.time || b.c.sid - a.c.sid || b.c.message - a.c.message);
    const matcher = matcherFor([], [], regex);
    return found.slice(0, limit).map(({ c, text }) => this.hit(c, text, matcher));
  }

  private hit(c: Candidate, text: string, matcher: RegExp): SearchHit {
    const entry = this.entry(c.sid)!;
    const snippet = makeSnippet(text, matcher);
    const isMeta = c.message === METADATA_MESSAGE;
    return {
      id: entry.id,
      working_dir: entry.workingDir,
      message_index: isMeta ? null : c.message,
      role: ROLE_NAMES[c.role] ?? "metadata",
      snippet: snippet.text,
      score: Math.round(c.score * 1000) / 1000,
      ranges: snippet.ranges,
      name: entry.name,
      date: c.time > 0 ? `${new Date(c.time * 1000).toISOString().slice(0, 19)}Z` : entry.updatedAt,
      path: path.join(this.root, entry.rel),
    };
  }

  private docText(sid: number, message: number): string | undefined {
    const entry = this.entry(sid)!;
    if (message === METADATA_MESSAGE)
      return metadataText({ metadata: { name: entry.name, tags: entry.tags } });
    const offset = readOffset(this.dir, sid, message);
    if (offset !== undefined) {
      const m = readMessageAt(path.join(this.root, entry.rel), offset);
      if (m) return messageText(m);
    }
    const data = this.session(sid);
    const m = data?.messages[message];
    return m ? messageText(m) : undefined;
  }

  private session(sid: number): SessionData | undefined {
    if (!this.parsed.has(sid)) {
      const entry = this.entry(sid)!;
      let data: SessionData | null = null;
      try {
        data = JSON.parse(readFileSync(path.join(this.root, entry.rel), "utf8"));
        if (!Array.isArray(data?.messages)) data = null;
      } catch {}
      this.parsed.set(sid, data);
    }
    return this.parsed.get(sid) ?? undefined;
  }
}

const MESSAGE_END = Buffer.from("\n    }");

/** Reads the message object starting at `offset` of a file in agenix's layout. */
function readMessageAt(file: string, offset: number): Message | undefined {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return undefined;
  }
  try {
    let buf = Buffer.alloc(0);
    for (let chunk = 16 * 1024; ; chunk *= 4) {
      const next = Buffer.allocUnsafe(chunk);
      const n = readSync(fd, next, 0, chunk, offset + buf.length);
      buf = Buffer.concat([buf, next.subarray(0, n)]);
      if (buf[0] !== 0x7b) return undefined;
      const end = buf.indexOf(MESSAGE_END);
      if (end !== -1) return JSON.parse(buf.subarray(0, end + MESSAGE_END.length).toString("utf8"));
      if (n < chunk) return undefined;
    }
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

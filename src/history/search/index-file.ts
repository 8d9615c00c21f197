// Indexing one session file: the whole file, or only the messages appended since it was indexed
// (read from the recorded end offset, after checking the bytes before it and the header).

import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import path from "node:path";
import { MAX_SESSION_DEPTH, valueDepth } from "../../messages/json-depth.js";
import type { Message, SessionData } from "../../messages/types.js";
import {
  epochSeconds,
  fileLayout,
  MESSAGES_CLOSE,
  MESSAGES_KEY,
  messageOffsets,
  messageText,
  metadataText,
  roleCode,
} from "./extract.js";
import type { Manifest } from "./manifest.js";
import type { PostingWriter } from "./postings.js";
import { appendOffsets, METADATA_MESSAGE, type SessionEntry } from "./store.js";

const TAIL_BYTES = 32;
/** The header is read from this many bytes first, then from up to HEAD_BYTES if it is longer. */
const FIRST_HEAD_BYTES = 8 * 1024;
const HEAD_BYTES = 64 * 1024;

export interface FileStat {
  size: number;
  mtimeMs: number;
}

/** Where an indexed file's postings, offsets and sid come from. */
export interface IndexSink {
  root: string;
  dir: string;
  writer: PostingWriter;
  manifest: Manifest;
}

export function indexWholeFile(sink: IndexSink, rel: string, stat: FileStat): SessionEntry | undefined {
  let bytes: Buffer;
  let data: SessionData;
  try {
    bytes = readFileSync(path.join(sink.root, rel));
    data = JSON.parse(bytes.toString("utf8"));
  } catch {
    return undefined;
  }
  if (!data || typeof data !== "object" || !Array.isArray(data.messages)) return undefined;
  // Too deep to index safely (text extraction walks it): skipped, like an unreadable file.
  if (valueDepth(data, MAX_SESSION_DEPTH) > MAX_SESSION_DEPTH) return undefined;
  const sid = sink.manifest.nextSid++;
  const layout = fileLayout(bytes, data.messages.length);
  for (const [i, message] of data.messages.entries()) addMessage(sink, sid, i, message);
  sink.writer.add(metadataText(data), sid, METADATA_MESSAGE, 3, epochSeconds(data.updated_at));
  appendOffsets(sink.dir, sid, layout.offsets);
  const models = new Set<string>();
  if (typeof data.model === "string") models.add(data.model);
  for (const m of data.messages)
    if (m.role === "assistant" && typeof m.model === "string") models.add(m.model);
  return {
    sid,
    rel,
    // A file that changed while it was read is checked again next time.
    size: bytes.length === stat.size ? stat.size : -1,
    mtimeMs: stat.mtimeMs,
    end: layout.end,
    count: data.messages.length,
    tail:
      layout.end >= 0 ? bytes.subarray(Math.max(0, layout.end - TAIL_BYTES), layout.end).toString("hex") : "",
    id: path.basename(rel, ".json"),
    workingDir: String(data.working_dir ?? ""),
    models: [...models],
    name: typeof data.metadata?.name === "string" ? data.metadata.name : "",
    tags: Array.isArray(data.metadata?.tags) ? data.metadata.tags.map(String) : [],
    createdAt: String(data.created_at ?? ""),
    updatedAt: String(data.updated_at ?? ""),
  };
}

function addMessage(sink: IndexSink, sid: number, index: number, message: Message): void {
  sink.writer.add(messageText(message), sid, index, roleCode(message.role), epochSeconds(message.timestamp));
}

/** Indexes only the messages appended since `old`; undefined when the file changed otherwise. */
export function indexAppended(
  sink: IndexSink,
  rel: string,
  old: SessionEntry,
  stat: FileStat,
): SessionEntry | undefined {
  let fd: number;
  try {
    fd = openSync(path.join(sink.root, rel), "r");
  } catch {
    return undefined;
  }
  try {
    let header = parseHeader(readAt(fd, 0, Math.min(stat.size, FIRST_HEAD_BYTES)));
    if (!header && stat.size > FIRST_HEAD_BYTES)
      header = parseHeader(readAt(fd, 0, Math.min(stat.size, HEAD_BYTES)));
    if (!header) return undefined;
    const name = typeof header.metadata?.name === "string" ? header.metadata.name : "";
    const tags = Array.isArray(header.metadata?.tags) ? header.metadata.tags.map(String) : [];
    if (name !== old.name || JSON.stringify(tags) !== JSON.stringify(old.tags)) return undefined;
    if (String(header.working_dir ?? "") !== old.workingDir) return undefined;
    const from = Math.max(0, old.end - TAIL_BYTES);
    const rest = readAt(fd, from, stat.size - from);
    if (rest.subarray(0, old.end - from).toString("hex") !== old.tail) return undefined;
    const close = rest.lastIndexOf(MESSAGES_CLOSE);
    const start = old.end - from;
    if (close < start) return undefined;
    const part = rest.subarray(start, close);
    const models = new Set(old.models);
    if (typeof header.model === "string") models.add(header.model);
    let messages: Message[] = [];
    if (part.length > 0) {
      const body = old.count > 0 ? (part[0] === 0x2c ? part.subarray(1) : undefined) : part;
      if (!body) return undefined;
      try {
        messages = JSON.parse(`[${body.toString("utf8")}]`);
      } catch {
        return undefined;
      }
      if (valueDepth(messages, MAX_SESSION_DEPTH) > MAX_SESSION_DEPTH) return undefined;
      const offsets = messageOffsets(part, 0, part.length).map((o) => o + old.end);
      if (offsets.length !== messages.length) return undefined;
      messages.forEach((m, k) => {
        addMessage(sink, old.sid, old.count + k, m);
        if (m.role === "assistant" && typeof m.model === "string") models.add(m.model);
      });
      appendOffsets(sink.dir, old.sid, offsets);
    }
    const end = old.end + part.length;
    const tailFrom = Math.max(0, end - TAIL_BYTES) - from;
    return {
      ...old,
      size: rest.length + from === stat.size ? stat.size : -1,
      mtimeMs: stat.mtimeMs,
      end,
      count: old.count + messages.length,
      tail: rest.subarray(tailFrom, end - from).toString("hex"),
      models: [...models],
      updatedAt: String(header.updated_at ?? old.updatedAt),
    };
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(Math.max(0, length));
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/** The header keys of a file in agenix's layout, from the bytes before `"messages": [`. */
function parseHeader(head: Buffer): Partial<SessionData> | undefined {
  const at = head.indexOf(MESSAGES_KEY);
  if (at === -1) return undefined;
  try {
    return JSON.parse(`${head.subarray(0, at).toString("utf8").replace(/,\s*$/, "")}}`);
  } catch {
    return undefined;
  }
}

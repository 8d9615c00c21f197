// What listing needs from one session file, read without parsing the whole file when it is in
// agenix's own layout: the header from the first 16 KB, the message count by a byte scan.
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import type { SessionMetadata } from "../messages/types.js";

/** What listing knows about a session without parsing its messages. */
export interface SessionSummary {
  id: string;
  working_dir: string;
  model: string;
  created_at: string;
  updated_at: string;
  metadata: SessionMetadata;
  message_count: number;
  /** First user message, shortened: for pickers and `sessions list`. */
  first_message?: string;
  path: string;
}

const HEAD_BYTES = 16 * 1024;
const MESSAGES_KEY = Buffer.from('\n  "messages": [');
const MESSAGE_START = Buffer.from("\n    {");
const MESSAGE_END = Buffer.from("\n    }");
const ARRAY_END = Buffer.from("\n  ]");
const FIRST_MESSAGE_CHARS = 200;

export type StoredSummary = Omit<SessionSummary, "path" | "id">;

function readHead(file: string, size: number): Buffer {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.allocUnsafe(Math.min(size, HEAD_BYTES));
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** The first user message as listing shows it: one line, at most 200 characters. */
export function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > FIRST_MESSAGE_CHARS ? `${oneLine.slice(0, FIRST_MESSAGE_CHARS - 1)}…` : oneLine;
}

/** Counts messages and finds the first user message in agenix's layout, by byte search. */
function countMessages(bytes: Buffer, arrayStart: number): { count: number; first?: string } {
  if (bytes[arrayStart] === 0x5d) return { count: 0 }; // "[]"
  let end = bytes.indexOf(ARRAY_END, arrayStart);
  if (end < 0) end = bytes.length;
  let count = 0;
  let first: string | undefined;
  for (let at = bytes.indexOf(MESSAGE_START, arrayStart); at >= 0 && at < end; ) {
    count++;
    const close = bytes.indexOf(MESSAGE_END, at);
    if (first === undefined && close > 0 && count <= 10) {
      try {
        const message = JSON.parse(bytes.toString("utf8", at + 1, close + MESSAGE_END.length));
        if (message?.role === "user") first = firstText(message.content);
      } catch {
        // A torn message: no preview.
      }
    }
    at = bytes.indexOf(MESSAGE_START, close > at ? close : at + 1);
  }
  return { count, first };
}

type Header = Omit<StoredSummary, "message_count" | "first_message">;

/**
 * The header fields listing shows, type-checked by hand: listing must not load zod (it is most of
 * a cold start's cost). Loading a session still validates the whole file with the schema.
 */
function headerOf(value: unknown): Header | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const strings = [v.working_dir, v.model, v.created_at, v.updated_at];
  if (!strings.every((field) => typeof field === "string")) return undefined;
  const metadata = v.metadata;
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) return undefined;
  const { name, tags } = metadata as Record<string, unknown>;
  // null is "absent" (other writers' habit), as when loading.
  if (name != null && typeof name !== "string") return undefined;
  if (tags != null && !(Array.isArray(tags) && tags.every((t) => typeof t === "string"))) return undefined;
  const clean = { ...(metadata as SessionMetadata) };
  if (clean.name === null) delete clean.name;
  if (clean.tags === null) delete clean.tags;
  return {
    working_dir: v.working_dir as string,
    model: v.model as string,
    created_at: v.created_at as string,
    updated_at: v.updated_at as string,
    metadata: clean,
  };
}

/** A user message's text for previews: the string, or the first text block when images are attached. */
function firstText(content: unknown): string | undefined {
  if (typeof content === "string") return shorten(content);
  if (!Array.isArray(content)) return undefined;
  const block = content.find((b) => b?.type === "text" && typeof b.text === "string");
  return block ? shorten(block.text) : undefined;
}

function fromParsed(value: unknown): StoredSummary | undefined {
  const header = headerOf(value);
  const messages = (value as { messages?: unknown })?.messages;
  if (!header || !Array.isArray(messages)) return undefined;
  const firstUser = messages.find((m) => m?.role === "user");
  return {
    ...header,
    message_count: messages.length,
    first_message: firstUser ? firstText(firstUser.content) : undefined,
  };
}

/**
 * The summary of one file, or undefined if it is not a readable session. The fast path reads the
 * header from the file's head; whenever it cannot (keys in another order, e.g. Python's
 * `sort_keys=True`; a BOM; other spacing), the whole file is parsed instead.
 */
export function summarizeFile(file: string, size: number): StoredSummary | undefined {
  try {
    const fast = fastSummary(file, size);
    if (fast) return fast;
  } catch {
    // fall through to the full parse
  }
  try {
    const text = readFileSync(file, "utf8");
    return fromParsed(JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
  } catch {
    return undefined;
  }
}

/** The summary from agenix's own layout (header keys first), or undefined when it is not that. */
function fastSummary(file: string, size: number): StoredSummary | undefined {
  let bytes = readHead(file, size);
  if (bytes[0] !== 0x7b) return undefined; // not `{` first: a BOM or leading space
  const keyAt = bytes.indexOf(MESSAGES_KEY);
  if (keyAt < 0) return undefined;
  const h = headerOf(JSON.parse(`${bytes.toString("utf8", 0, keyAt).replace(/,\s*$/, "")}\n}`));
  if (!h) return undefined;
  if (bytes.length < size) bytes = readFileSync(file);
  const { count, first } = countMessages(bytes, keyAt + MESSAGES_KEY.length);
  return {
    working_dir: h.working_dir,
    model: h.model,
    created_at: h.created_at,
    updated_at: h.updated_at,
    metadata: h.metadata,
    message_count: count,
    first_message: first,
  };
}

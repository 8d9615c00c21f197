// What of a session is searchable, and where each message sits in its file. A message's searchable
// text is every string in it except structure and bookkeeping (role, timestamp, ids, the model,
// the stop reason, reasoning signatures, image hashes and media types): user and assistant text,
// tool call names and arguments, tool outputs, reasoning, compaction summaries. A session's name and
// tags form one more document (message index -1). `--model` filters by model.
import type { Message, SessionData } from "../../messages/types.js";

const STRUCTURE_KEYS = new Set([
  "role",
  "timestamp",
  "tool_call_id",
  "id",
  "type",
  "is_error",
  "model",
  "stop_reason",
  "signature",
  "sha256",
  "media_type",
]);

function collect(value: unknown, out: string[], key?: string): void {
  if (key !== undefined && STRUCTURE_KEYS.has(key)) return;
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const item of value) collect(item, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) collect(v, out, k);
  }
}

/** The searchable text of one message (strings joined by newlines). */
export function messageText(message: Message): string {
  const out: string[] = [];
  collect(message, out);
  return out.join("\n");
}

/** The searchable text of a session's name and tags. */
export function metadataText(data: Pick<SessionData, "metadata">): string {
  const parts: string[] = [];
  if (typeof data.metadata?.name === "string") parts.push(data.metadata.name);
  if (Array.isArray(data.metadata?.tags))
    parts.push(...data.metadata.tags.filter((t) => typeof t === "string"));
  return parts.join("\n");
}

export const ROLE_CODES = { user: 0, assistant: 1, tool: 2, metadata: 3 } as const;
export type SearchRole = keyof typeof ROLE_CODES;
export const ROLE_NAMES: SearchRole[] = ["user", "assistant", "tool", "metadata"];

export function roleCode(role: unknown): number {
  return role === "user" ? 0 : role === "assistant" ? 1 : role === "tool" ? 2 : 3;
}

/** Seconds since the epoch of an ISO timestamp (0 when it does not parse). */
export function epochSeconds(timestamp: unknown): number {
  if (typeof timestamp !== "string") return 0;
  const ms = Date.parse(timestamp);
  return Number.isFinite(ms) && ms > 0 ? Math.min(Math.floor(ms / 1000), 0xffffffff) : 0;
}

export const MESSAGES_KEY = Buffer.from('\n  "messages": [');
const MESSAGE_START = Buffer.from("\n    {");
const MESSAGES_CLOSE = Buffer.from("\n  ]");

export interface Layout {
  /** Byte offset of each message's `{` (agenix's pretty layout only). */
  offsets: number[];
  /** Byte offset just after the last message (or after `[`), where appends go; -1 when unknown. */
  end: number;
}

/**
 * Byte offsets of the messages in `bytes[from, to)` in agenix's layout (messages at a 4-space
 * indent; JSON strings cannot hold a raw newline, so `\n    {` only starts a message).
 */
export function messageOffsets(bytes: Buffer, from: number, to: number): number[] {
  const offsets: number[] = [];
  let at = bytes.indexOf(MESSAGE_START, from);
  while (at !== -1 && at < to) {
    offsets.push(at + MESSAGE_START.length - 1);
    at = bytes.indexOf(MESSAGE_START, at + MESSAGE_START.length);
  }
  return offsets;
}

/** The layout of a whole file, checked against the parsed message count. */
export function fileLayout(bytes: Buffer, messageCount: number): Layout {
  const start = bytes.indexOf(MESSAGES_KEY);
  const close = bytes.lastIndexOf(MESSAGES_CLOSE);
  if (start === -1) return { offsets: [], end: -1 };
  const from = start + MESSAGES_KEY.length;
  if (messageCount === 0) {
    return bytes[from] === 0x5d ? { offsets: [], end: from } : { offsets: [], end: -1 };
  }
  if (close === -1 || close < from) return { offsets: [], end: -1 };
  const offsets = messageOffsets(bytes, from, close);
  if (offsets.length !== messageCount) return { offsets: [], end: -1 };
  return { offsets, end: close };
}

export { MESSAGES_CLOSE };

// Writes a session as pretty-printed JSON (identical to JSON.stringify(data, null, 2) with the
// header keys first) and reports the byte offsets the append fast path needs.
import { HEADER_KEYS, type Message, type SessionData } from "../messages/types.js";

const ORDERED_KEYS: readonly string[] = [...HEADER_KEYS, "messages"];

/** Pretty JSON of `value`, with every line after the first indented by `indent` spaces. */
function indented(value: unknown, indent: number): string {
  const json = JSON.stringify(value, null, 2);
  return indent === 0 ? json : json.replace(/\n/g, `\n${" ".repeat(indent)}`);
}

/** A message as it appears inside the `messages` array (4-space indent, no leading newline). */
function messageText(message: Message): string {
  return indented(message, 4);
}

/** The keys after `messages` (system_prompt, provider, ...), in the object's own order. */
export function extraKeys(data: SessionData): string[] {
  return Object.keys(data).filter(
    (key) => !ORDERED_KEYS.includes(key) && (data as Record<string, unknown>)[key] !== undefined,
  );
}

/** Everything before the first message: `{`, header keys, `"messages": [`. */
export function headText(data: SessionData): string {
  const record = data as Record<string, unknown>;
  const lines = HEADER_KEYS.map((key) => `  ${JSON.stringify(key)}: ${indented(record[key] ?? null, 2)}`);
  return `{\n${lines.join(",\n")},\n  "messages": [`;
}

/** Everything after the last message: `]`, extra keys, `}`. */
export function tailText(data: SessionData, messageCount: number): string {
  const record = data as Record<string, unknown>;
  const extras = extraKeys(data).map((key) => `,\n  ${JSON.stringify(key)}: ${indented(record[key], 2)}`);
  return `${messageCount > 0 ? "\n  ]" : "]"}${extras.join("")}\n}\n`;
}

/** The bytes that go between the previous message (or `[`) and the tail when appending. */
export function appendedMessagesText(messages: Message[], countBefore: number): string {
  return messages.map((m, i) => `${countBefore + i > 0 ? "," : ""}\n    ${messageText(m)}`).join("");
}

export interface SerializedSession {
  text: string;
  /** Byte offset just after the last message's `}` (or after `[` with no messages). */
  messagesEnd: number;
  /** Byte offset of the 20-character updated_at value (inside its quotes). */
  updatedAtOffset: number;
}

export function serializeSession(data: SessionData): SerializedSession {
  const head = headText(data);
  const body = appendedMessagesText(data.messages, 0);
  const text = head + body + tailText(data, data.messages.length);
  const marker = `"updated_at": "`;
  const updatedAtOffset = Buffer.byteLength(head.slice(0, head.indexOf(marker) + marker.length));
  return { text, messagesEnd: Buffer.byteLength(head) + Buffer.byteLength(body), updatedAtOffset };
}

/**
 * A string that changes when a header key other than updated_at changes. Extra keys (provider,
 * system_prompt, ...) are not part of it: they live in the tail, which every append rewrites.
 */
export function headerSignature(data: SessionData): string {
  const record = data as Record<string, unknown>;
  return JSON.stringify(HEADER_KEYS.filter((k) => k !== "updated_at").map((k) => record[k]));
}

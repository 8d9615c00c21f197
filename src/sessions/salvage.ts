// Salvages the complete parts of a damaged session file: every top-level key whose value is whole,
// and every complete, valid message. Iterative and linear, so hostile input cannot make it hang.

import { dropNullOptionalsOfMessage, MessageSchema } from "../messages/schema.js";
import type { Message } from "../messages/types.js";
import { skipString, skipValue, skipWhitespace } from "./json-scan.js";

export interface Salvage {
  /** Top-level keys whose values were complete (messages excluded). */
  fields: Record<string, unknown>;
  messages: Message[];
  /** True when damage was only a cut-off end (what a kill or crash mid-append leaves). */
  truncatedOnly: boolean;
  /** Messages skipped because they were damaged (only when resyncing). */
  skipped: number;
}

// In agenix's own layout every message starts on a line of its own with 4 spaces of indent; a raw
// newline cannot occur inside a JSON string, so this marks a message boundary reliably.
const MESSAGE_START = "\n    {";

/**
 * Scans `text` as a session object. With `resync`, a damaged message is skipped and scanning resumes
 * at the next message boundary, so damage in the middle loses only the damaged messages.
 */
export function salvageSession(text: string, options: { resync?: boolean } = {}): Salvage {
  const result: Salvage = { fields: {}, messages: [], truncatedOnly: true, skipped: 0 };
  const damaged = (): Salvage => {
    result.truncatedOnly = false;
    return result;
  };
  let i = skipWhitespace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (i >= text.length) return result;
  if (text[i] !== "{") return damaged();
  i = skipWhitespace(text, i + 1);
  while (i < text.length) {
    if (text[i] === "}") return result;
    if (text[i] !== '"') return damaged();
    const keyEnd = skipString(text, i);
    if (keyEnd < 0) return result;
    let key: string;
    try {
      key = JSON.parse(text.slice(i, keyEnd));
    } catch {
      return damaged();
    }
    i = skipWhitespace(text, keyEnd);
    if (i >= text.length) return result;
    if (text[i] !== ":") return damaged();
    i = skipWhitespace(text, i + 1);
    if (i >= text.length) return result;
    if (key === "messages" && text[i] === "[") {
      const end = salvageMessages(text, i + 1, result, options.resync === true);
      if (end < 0) return result;
      i = end;
    } else {
      const end = skipValue(text, i);
      if (end === -1) return result;
      if (end < 0) return damaged();
      try {
        result.fields[key] = JSON.parse(text.slice(i, end));
      } catch {
        return damaged();
      }
      i = end;
    }
    i = skipWhitespace(text, i);
    if (i >= text.length) return result;
    if (text[i] === ",") i = skipWhitespace(text, i + 1);
    else if (text[i] !== "}") return damaged();
  }
  return result;
}

/** Scans message objects from `i` (just after `[`); returns the index after `]`, or -1 to stop. */
function salvageMessages(text: string, i: number, result: Salvage, resync: boolean): number {
  while (true) {
    i = skipWhitespace(text, i);
    if (i >= text.length) return -1;
    if (text[i] === "]") return i + 1;
    const end = text[i] === "{" ? skipValue(text, i) : -2;
    if (end === -1 && !resync) return -1;
    const message = end > 0 ? parseMessage(text.slice(i, end)) : undefined;
    if (!message) {
      result.truncatedOnly = end === -1 && result.truncatedOnly;
      if (!resync) {
        result.truncatedOnly = false;
        return -1;
      }
      const next = text.indexOf(MESSAGE_START, i + 1);
      if (end !== -1 || next >= 0) result.skipped++;
      if (next < 0) return -1;
      i = next + 1;
      continue;
    }
    result.messages.push(message);
    i = skipWhitespace(text, end);
    if (i >= text.length) return -1;
    if (text[i] === ",") i++;
    else if (text[i] !== "]") {
      if (!resync) {
        result.truncatedOnly = false;
        return -1;
      }
      const next = text.indexOf(MESSAGE_START, i);
      if (next < 0) return -1;
      i = next + 1;
    }
  }
}

function parseMessage(json: string): Message | undefined {
  try {
    const value: unknown = JSON.parse(json);
    dropNullOptionalsOfMessage(value);
    const parsed = MessageSchema.safeParse(value);
    return parsed.success ? (value as Message) : undefined;
  } catch {
    return undefined;
  }
}

// Gemini CLI's chat files as Gemini CLI itself reads them back: the message records that are left
// after every patch. Current files are JSONL (`session-<time>-<id>.jsonl`): a metadata line
// `{sessionId, projectHash, startTime, ...}`, one line per message record (`{id, type, ...}`; a
// record whose `id` was seen before replaces the earlier one in its place), `{"$set": {...}}`
// metadata patches (a `$set.messages` array is a checkpoint that replaces every message), and
// `{"$rewindTo": id}`, which drops that message and everything after it (all of them when the id
// is unknown). Legacy files (`.json`) are one object with a `messages` array.
import { obj, parseJsonLines } from "./build.js";

type Item = Record<string, unknown>;

export interface GeminiRecords {
  metadata: Item;
  messages: Item[];
  /** Lines that did not parse or were no record we know. */
  bad: number;
}

const isMessage = (r: Item) => typeof r.id === "string";

export function readGeminiRecords(text: string): GeminiRecords {
  const whole = parseWhole(text);
  if (whole) {
    const { messages, ...metadata } = whole;
    return {
      metadata,
      messages: (Array.isArray(messages) ? messages : []).map(obj).filter(isMessage),
      bad: 0,
    };
  }
  const { items, bad } = parseJsonLines(text);
  let metadata: Item = {};
  const byId = new Map<string, Item>();
  let unknown = 0;
  const replaceAll = (list: unknown) => {
    byId.clear();
    for (const m of (Array.isArray(list) ? list : []).map(obj)) if (isMessage(m)) byId.set(m.id as string, m);
  };
  for (const record of items) {
    if (typeof record.$rewindTo === "string") {
      const ids = [...byId.keys()];
      const at = ids.indexOf(record.$rewindTo);
      if (at === -1) byId.clear();
      else for (const id of ids.slice(at)) byId.delete(id);
    } else if (isMessage(record)) byId.set(record.id as string, record);
    else if (record.$set && typeof record.$set === "object") {
      const set = obj(record.$set);
      if (Array.isArray(set.messages)) replaceAll(set.messages);
      const { messages: _, ...rest } = set;
      metadata = { ...metadata, ...rest };
    } else if (typeof record.sessionId === "string") {
      const { messages, ...rest } = record;
      metadata = { ...metadata, ...rest };
      if (Array.isArray(messages)) replaceAll(messages);
    } else unknown++;
  }
  return { metadata, messages: [...byId.values()], bad: bad + unknown };
}

/** The legacy format: the whole text is one JSON object (pretty-printed over many lines). */
function parseWhole(text: string): Item | undefined {
  if (!/^\s*\{/.test(text)) return undefined;
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) && "messages" in value
      ? (value as Item)
      : undefined;
  } catch {
    return undefined;
  }
}

// JSONL transcripts as parsed lines: from their text, or from the file a chunk at a time
// (file-lines.ts). A line that does not parse, nests too deep or was too long to read is counted.
import { jsonDepth } from "../../messages/json-depth.js";

/**
 * A JSONL transcript: its text, or its lines read from the file (file-lines.ts; `null` stands for a
 * line too long to read).
 */
export type TranscriptText = string | Iterable<string | null>;

/** Deepest nesting a transcript line may have; deeper lines are skipped and counted. */
export const MAX_LINE_DEPTH = 256;

/** Splits JSONL text into parsed objects, counting lines that do not parse (or nest too deep). */
export function parseJsonLines(text: TranscriptText): { items: Record<string, unknown>[]; bad: number } {
  return parseLineByLine(typeof text === "string" ? linesOf(text) : text);
}

function* linesOf(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    yield text.slice(start, end);
    start = end + 1;
  }
}

function parseLineByLine(lines: Iterable<string | null>): { items: Record<string, unknown>[]; bad: number } {
  const items: Record<string, unknown>[] = [];
  let bad = 0;
  for (const raw of lines) {
    if (raw === null) {
      bad++;
      continue;
    }
    const line = raw.trim();
    if (!line) continue;
    // Deeper than any real entry: everything after parsing (building, saving) would overflow on it.
    if (jsonDepth(line, MAX_LINE_DEPTH) > MAX_LINE_DEPTH) {
      bad++;
      continue;
    }
    try {
      const value = JSON.parse(line);
      if (value && typeof value === "object" && !Array.isArray(value)) items.push(value);
      else bad++;
    } catch {
      bad++;
    }
  }
  return { items, bad };
}

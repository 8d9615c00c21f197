// What a search asks and answers, shared by the file index (query.ts) and PostgreSQL (postgres.ts):
// the query, a hit, words and "phrases" from the query text, and the exact check every hit passes.
import type { SearchRole } from "./extract.js";
import { words as splitWords, wordCounts } from "./tokenize.js";

export interface SearchQuery {
  /** Words and "quoted phrases". */
  text?: string;
  /** A JavaScript regular expression (case-insensitive unless it has uppercase letters). */
  regex?: string;
  role?: "user" | "assistant" | "tool";
  /** Epoch seconds. */
  since?: number;
  until?: number;
  model?: string;
  tag?: string;
  /** Only sessions whose working_dir is this. */
  workingDir?: string;
  /** Default 20. */
  limit?: number;
}

export interface SearchHit {
  id: string;
  working_dir: string;
  /** null for a match in the session's name or tags. */
  message_index: number | null;
  role: SearchRole;
  snippet: string;
  score: number;
  /** Where the match is highlighted in `snippet`. */
  ranges: [number, number][];
  name: string;
  /** The message's timestamp (the session's updated_at for name and tag matches). */
  date: string;
  path: string;
}

export class SearchQueryError extends Error {}

/** Splits `text` into words and "phrases". */
export function parseQueryText(text: string): { words: string[]; phrases: string[] } {
  const phrases: string[] = [];
  const rest = text.replace(/"([^"]*)"/g, (_, phrase: string) => {
    if (phrase.trim()) phrases.push(phrase.trim());
    return " ";
  });
  const all = [...splitWords(rest), ...phrases.flatMap((p) => splitWords(p))];
  return { words: [...new Set(all)], phrases };
}

/** The brute-force check the index is held to: every word is a word of the text, every phrase in it. */
export function containsAll(text: string, words: string[], phrases: string[]): boolean {
  if (words.length > 0) {
    const present = wordCounts(text);
    if (!words.every((w) => present.has(w))) return false;
  }
  if (phrases.length > 0) {
    const flat = text.toLowerCase().replace(/\s+/g, " ");
    if (!phrases.every((p) => flat.includes(p.toLowerCase().replace(/\s+/g, " ")))) return false;
  }
  return true;
}

/** What a query asks for: its words and phrases, or its regular expression. Throws for neither. */
export function parseQuery(query: SearchQuery): { words: string[]; phrases: string[]; regex?: RegExp } {
  let regex: RegExp | undefined;
  if (query.regex !== undefined) {
    try {
      regex = new RegExp(query.regex, /[A-Z]/.test(query.regex) ? "u" : "iu");
    } catch (error) {
      throw new SearchQueryError(`invalid --regex: ${(error as Error).message}`);
    }
  }
  const { words, phrases } = parseQueryText(query.text ?? "");
  if (!regex && words.length === 0) {
    throw new SearchQueryError('nothing to search for: give words, a "phrase" or --regex <re>');
  }
  return { words, phrases, regex };
}

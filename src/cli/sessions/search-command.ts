// `agenix sessions search [query...]` (words, a phrase, or only --regex): full-text search over every session (see docs/history.md).
import path from "node:path";
import { UsageError } from "../../errors.js";
import { type SearchHit, type SearchQuery, SearchQueryError } from "../../history/search/query-language.js";
import { writeOut, writeOutColored } from "../output.js";
import { type CommandOptions, managerFor, printJson, workingDirOf } from "./context.js";
import { parseAge } from "./duration.js";
import { progressBar } from "./progress.js";
import { formatHits } from "./search-format.js";

const ROLES = ["user", "assistant", "tool"] as const;

/** `30d` (an age) or a date such as 2024-01-31 / an ISO timestamp, as epoch seconds. */
export function parseWhen(text: string, flag: string): number {
  if (/^\d+\s*[mhdw]$/i.test(text.trim())) return Math.floor((Date.now() - parseAge(text)) / 1000);
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) {
    throw new UsageError(
      `Invalid ${flag}: ${JSON.stringify(text)}. Use an age (30d, 12h, 2w) or a date (2024-01-31).`,
    );
  }
  return Math.floor(ms / 1000);
}

/** Shell-quoted arguments with spaces are phrases: `search "login flow"` finds the phrase. */
export function queryText(words: string[]): string {
  return words.map((w) => (/\s/.test(w.trim()) && !w.includes('"') ? `"${w}"` : w)).join(" ");
}

export function searchQueryFrom(words: string[], options: CommandOptions): SearchQuery {
  const query: SearchQuery = { text: queryText(words) };
  if (typeof options.regex === "string") query.regex = options.regex;
  if (options.role !== undefined) {
    if (!ROLES.includes(options.role as (typeof ROLES)[number])) {
      throw new UsageError(`Invalid --role: ${JSON.stringify(options.role)}. Use user, assistant or tool.`);
    }
    query.role = options.role as SearchQuery["role"];
  }
  if (typeof options.since === "string") query.since = parseWhen(options.since, "--since");
  if (typeof options.until === "string") query.until = parseWhen(options.until, "--until");
  if (typeof options.model === "string") query.model = options.model;
  if (typeof options.tag === "string") query.tag = options.tag;
  else if (Array.isArray(options.tag) && options.tag.length) query.tag = String(options.tag.at(-1));
  if (typeof options.dir === "string") query.workingDir = path.resolve(options.dir);
  else if (options.here) query.workingDir = workingDirOf(options);
  if (options.limit !== undefined) {
    const limit = Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1) {
      throw new UsageError(
        `Invalid --limit: ${JSON.stringify(options.limit)}. Use a whole number of 1 or more.`,
      );
    }
    query.limit = limit;
  }
  return query;
}

export async function searchCommand(words: string[], options: CommandOptions): Promise<number> {
  const query = searchQueryFrom(words, options);
  const store = await managerFor();
  const bar = progressBar("Indexing sessions");
  let result: { hits: SearchHit[] };
  try {
    const { searchStore } = await import("../../history/search/any-store.js");
    result = {
      hits: await searchStore(store, query, { rebuild: options.reindex === true, onProgress: bar.update }),
    };
  } catch (error) {
    if (error instanceof SearchQueryError) throw new UsageError(error.message);
    throw error;
  } finally {
    bar.done();
  }
  if (options.json) {
    printJson(
      result.hits.map(({ id, working_dir, message_index, role, snippet, score }) => ({
        id,
        working_dir,
        message_index,
        role,
        snippet,
        score,
      })),
    );
    return 0;
  }
  if (result.hits.length === 0) {
    writeOut("No matches.\n");
    return 0;
  }
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  writeOutColored(formatHits(result.hits, color));
  return 0;
}

// The run options table (options.ts), its last rows: model requests (prompt caching, the budget,
// fallback models, the timeout) and the tools' own settings (todo_write, web_fetch, subagents).
import { UsageError } from "../../errors.js";
import {
  nonEmpty,
  parseBudgetUsd,
  parseFallbackModels,
  parsePositiveInt,
  parsePromptCaching,
} from "../../settings/choices.js";
import { row, text } from "./row.js";

/** `true`, `false`, or a list of model patterns (tools.todo). */
function parseModelSwitch(raw: unknown, source: string): boolean | string[] | undefined {
  if (raw === undefined || typeof raw === "boolean") return raw;
  if (Array.isArray(raw) && raw.every((item) => typeof item === "string" && item.trim() !== ""))
    return raw.map((item: string) => item.trim());
  throw new UsageError(
    `Invalid ${source}: ${JSON.stringify(raw)} (expected true, false or a list of model names such as ["claude-*"])`,
  );
}

export const REQUEST_AND_TOOL_OPTIONS = {
  promptCaching: row<false | { ttl?: "5m" | "1h"; cacheKey?: boolean }>({
    sdk: "promptCaching",
    setting: "promptCaching",
    order: "layers",
    defaults: { cli: {}, sdk: {} },
    parse: parsePromptCaching,
    note: 'On by default: `false` turns it off, `{"ttl": "1h"}` the extended TTL, `cacheKey` OpenAI\'s prompt_cache_key (docs/providers.md).',
  }),
  maxBudgetUsd: row<number>({
    flag: "--max-budget-usd",
    sdk: "maxBudgetUsd",
    setting: "maxBudgetUsd",
    order: "layers",
    parse: parseBudgetUsd,
    note: "Unset: no budget. The run stops (exit 4) before the request that would cross it.",
  }),
  fallbackModel: row<string[]>({
    flag: "--fallback-model",
    sdk: "fallbackModel",
    setting: "fallbackModel",
    order: "layers",
    defaults: { cli: [], sdk: [] },
    parse: parseFallbackModels,
    note: "Up to 3, tried in turn; the flag is repeatable or comma-separated and replaces the files' list.",
  }),
  todo: row<boolean | string[]>({
    setting: "tools.todo",
    order: "layers",
    defaults: { cli: true, sdk: true },
    parse: parseModelSwitch,
    note: 'The todo_write tool: true (every model), false, or the models that get it (`*` wildcards, e.g. ["claude-*", "gpt-5*"]).',
  }),
  webFetchMaxChars: row<number>({
    sdk: "webFetch.maxChars",
    setting: "webFetch.maxChars",
    order: "layers",
    defaults: { cli: 100_000, sdk: 100_000 },
    parse: (raw, source) => parsePositiveInt(raw, source, "a positive number of characters"),
    note: "Characters of Markdown (or text) web_fetch returns; a longer page is cut with a note.",
  }),
  webFetchMaxDownloadBytes: row<number>({
    sdk: "webFetch.maxDownloadBytes",
    setting: "webFetch.maxDownloadBytes",
    order: "layers",
    defaults: { cli: 10 * 1024 * 1024, sdk: 10 * 1024 * 1024 },
    parse: (raw, source) => parsePositiveInt(raw, source, "a positive number of bytes"),
    note: "web_fetch stops downloading a page here (decompressed bytes) and converts what it has.",
  }),
  webFetchTimeoutMs: row<number>({
    sdk: "webFetch.timeoutMs",
    setting: "webFetch.timeoutMs",
    order: "layers",
    defaults: { cli: 30_000, sdk: 30_000 },
    parse: (raw, source) => parsePositiveInt(raw, source, "a positive number of milliseconds"),
  }),
  subagentsMaxParallel: row<number>({
    setting: "subagents.maxParallel",
    order: "layers",
    defaults: { cli: 4, sdk: 4 },
    parse: (raw, source) => parsePositiveInt(raw, source),
    note: "How many task calls' subagents run at once; more wait for a free slot (docs/tools.md).",
  }),
  exploreModel: row<string>({
    setting: "subagents.exploreModel",
    order: "layers",
    parse: (raw) => nonEmpty(text(raw)),
    note: "The built-in explore agent's model (e.g. a cheaper one); unset: the parent's model.",
  }),
  requestTimeoutMs: row<number>({
    env: "AGENIX_REQUEST_TIMEOUT_MS",
    order: "env-only",
    parse: (raw, source) => parsePositiveInt(raw, source, "a positive number of milliseconds"),
    note: "Unset: the provider default (600000 = 10 minutes).",
  }),
} as const;

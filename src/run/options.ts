// THE table of a run's options: for each one, where it can be given (flag, SDK option, settings key,
// environment variable), its default, its one parser, and its priority order. resolveRunConfig()
// (config.ts) reads nothing else, the table-driven test (test/run/options.test.ts) checks every
// key at every layer, and docs/settings.md states the same orders and exceptions.
//
// Adding a run option: add one row here (and its key to settings/schema.ts if files may set it, its
// flag to cli/main.ts, its field to CreateSessionOptions in sdk.ts); the resolved value is then
// `config.<key>` in buildAgentSession() and everywhere a RunConfig goes.
import { UsageError } from "../errors.js";
import type { ProviderName } from "../providers/types.js";
import { parseSandboxMode } from "../sandbox/config.js";
import {
  nonEmpty,
  parseBudgetUsd,
  parseFallbackModels,
  parseOnOff,
  parsePositiveInt,
  parsePromptCaching,
  parseReasoningEffortChoice,
  parseTokenCount,
  type ReasoningEffortChoice,
} from "../settings/choices.js";

/**
 * How the layers rank, lowest first:
 * - `layers`: defaults < environment < user file < project file < local file < flags / SDK options.
 * - `env-wins`: defaults < files < flags / SDK options < environment (a variable overrides everything).
 * - `add-up`: lists from every file and from the flags / SDK options are concatenated.
 * - `env-only`: the environment, else the default.
 */
export type RunOptionOrder = "layers" | "env-wins" | "add-up" | "env-only";

export type Front = "cli" | "sdk";

export interface RunOptionRow<T> {
  /** The CLI flag (its value arrives as `options[key]`); undefined: no flag. */
  flag?: string;
  /** The SDK option of createSession() (the same key); undefined: none. */
  sdk?: string;
  /** Dotted key in the settings files; undefined: files cannot set it. */
  setting?: string;
  /** The environment variable; a layer (settings/env-layer.ts) unless the order says otherwise. */
  env?: string;
  order: RunOptionOrder;
  /** The value when no layer gives one, per front end. */
  defaults?: { cli: T; sdk: T };
  /** The one parser for a value from any layer; `source` names the flag, option, variable or key. */
  parse(raw: unknown, source: string): T | undefined;
  /** Anything else about the order, as docs/settings.md states it. */
  note?: string;
}

const text = (raw: unknown): string | undefined => (typeof raw === "string" ? raw : undefined);

function providerName(raw: unknown, source: string): ProviderName | undefined {
  if (raw === undefined) return undefined;
  if (raw === "openai" || raw === "anthropic") return raw;
  throw new UsageError(
    `Unknown ${source === "--provider" ? "provider" : source}: ${String(raw)} (expected openai or anthropic)`,
  );
}

/** `true`, `false`, or a list of model patterns (tools.todo). */
function parseModelSwitch(raw: unknown, source: string): boolean | string[] | undefined {
  if (raw === undefined || typeof raw === "boolean") return raw;
  if (Array.isArray(raw) && raw.every((item) => typeof item === "string" && item.trim() !== ""))
    return raw.map((item: string) => item.trim());
  throw new UsageError(
    `Invalid ${source}: ${JSON.stringify(raw)} (expected true, false or a list of model names such as ["claude-*"])`,
  );
}

function stringList(raw: unknown): string[] | undefined {
  if (raw === undefined) return undefined;
  return (Array.isArray(raw) ? raw : [raw]).map(String);
}

type Defaulted<T> = RunOptionRow<T> & { defaults: { cli: T; sdk: T } };
function row<T>(r: Defaulted<T>): Defaulted<T>;
function row<T>(r: RunOptionRow<T>): RunOptionRow<T>;
function row<T>(r: RunOptionRow<T>): RunOptionRow<T> {
  return r;
}

export const RUN_OPTIONS = {
  model: row<string>({
    flag: "--model",
    sdk: "model",
    setting: "model",
    env: "AGENIX_MODEL",
    order: "layers",
    parse: (raw, source) => {
      if (typeof raw === "string" && raw.trim() === "" && source === "--model")
        throw new UsageError(
          "Empty --model: give a model id (e.g. --model gpt-4o or --model claude-sonnet-4-5), or leave the flag out for the default.",
        );
      return nonEmpty(text(raw));
    },
    note: "Only --model (or the SDK's model) replaces a continued session's model; unset: chosen from the keys that are set. A prefix openai/ or anthropic/ names the provider.",
  }),
  provider: row<ProviderName>({
    flag: "--provider",
    sdk: "provider",
    setting: "provider",
    env: "AGENIX_PROVIDER",
    order: "layers",
    parse: providerName,
    note: "A model's prefix (anthropic/...) outranks the files' and the environment's provider.",
  }),
  apiKey: row<string>({
    flag: "--api-key",
    sdk: "apiKey",
    order: "layers",
    parse: (raw) => nonEmpty(text(raw)),
    note: "Never in a settings file; else OPENAI_API_KEY / ANTHROPIC_API_KEY (by provider), then AGENIX_API_KEY.",
  }),
  baseUrl: row<string>({
    flag: "--base-url",
    sdk: "baseUrl",
    setting: "baseUrl",
    env: "AGENIX_BASE_URL",
    order: "layers",
    parse: (raw) => nonEmpty(text(raw)),
    note: "Unset everywhere: OPENAI_BASE_URL / OPENAI_API_BASE (openai) or ANTHROPIC_BASE_URL (anthropic).",
  }),
  maxTurns: row<number>({
    flag: "--max-turns",
    sdk: "maxTurns",
    setting: "maxTurns",
    env: "AGENIX_MAX_TURNS",
    order: "layers",
    defaults: { cli: 100, sdk: 10 },
    parse: (raw, source) => parsePositiveInt(raw, source),
  }),
  systemPrompt: row<string>({
    flag: "--system-prompt",
    sdk: "systemPrompt",
    setting: "systemPrompt",
    order: "layers",
    parse: text,
    note: "Unset: a continued session's own system_prompt, else the default prompt.",
  }),
  appendSystemPrompt: row<string>({
    flag: "--append-system-prompt",
    sdk: "appendSystemPrompt",
    setting: "appendSystemPrompt",
    order: "layers",
    parse: text,
  }),
  reasoningEffort: row<ReasoningEffortChoice>({
    flag: "--reasoning-effort",
    sdk: "reasoningEffort",
    setting: "reasoningEffort",
    env: "AGENIX_REASONING_EFFORT",
    order: "layers",
    parse: parseReasoningEffortChoice,
    note: "Any case; `none` in a higher layer turns a lower layer's effort off.",
  }),
  permissionMode: row<string>({
    flag: "--permission-mode",
    sdk: "permissionMode",
    setting: "permissions.defaultMode",
    env: "AGENIX_PERMISSION_MODE",
    order: "layers",
    defaults: { cli: "default", sdk: "default" },
    parse: (raw) => nonEmpty(text(raw)),
    note: "--yolo is --permission-mode yolo. An untrusted project's accept-edits or yolo is ignored.",
  }),
  allow: row<string[]>({
    flag: "--allow",
    sdk: "allow",
    setting: "permissions.allow",
    order: "add-up",
    parse: stringList,
    note: "An untrusted project's allow rules are ignored.",
  }),
  deny: row<string[]>({
    flag: "--deny",
    sdk: "deny",
    setting: "permissions.deny",
    order: "add-up",
    parse: stringList,
  }),
  ask: row<string[]>({
    flag: "--ask",
    sdk: "ask",
    setting: "permissions.ask",
    order: "add-up",
    parse: stringList,
  }),
  envPassThrough: row<string[]>({
    sdk: "envPassThrough",
    setting: "shell.env.passThrough",
    order: "add-up",
    parse: stringList,
  }),
  extensions: row<string[]>({
    flag: "--extension",
    setting: "extensions",
    order: "add-up",
    parse: stringList,
    note: "The SDK loads only its `extensions` option (no folders, no settings key).",
  }),
  contextFiles: row<boolean | string[]>({
    flag: "--no-context-files",
    setting: "contextFiles",
    order: "layers",
    defaults: { cli: true, sdk: true },
    parse: (raw) =>
      raw === false ? false : Array.isArray(raw) ? raw.map(String) : raw === true ? true : undefined,
    note: "The flag can only turn context files off; a list in a file names the files to look for.",
  }),
  autoCompact: row<boolean>({
    sdk: "compaction.enabled",
    setting: "compaction.enabled",
    env: "AGENIX_AUTO_COMPACT",
    order: "env-wins",
    defaults: { cli: true, sdk: true },
    parse: parseOnOff,
    note: "The variable is an override for tests and scripts, above everything.",
  }),
  contextWindow: row<number>({
    sdk: "compaction.contextWindow",
    setting: "compaction.contextWindow",
    env: "AGENIX_CONTEXT_WINDOW",
    order: "env-wins",
    parse: (raw, source) => parseTokenCount(raw, source, false),
    note: "Unset: the model catalog's window, else 128,000. The variable is an override, above everything.",
  }),
  reserveTokens: row<number>({
    sdk: "compaction.reserveTokens",
    setting: "compaction.reserveTokens",
    order: "layers",
    parse: (raw, source) => parseTokenCount(raw, source, true),
  }),
  keepRecentTokens: row<number>({
    sdk: "compaction.keepRecentTokens",
    setting: "compaction.keepRecentTokens",
    order: "layers",
    parse: (raw, source) => parseTokenCount(raw, source, true),
  }),
  sandbox: row<string>({
    flag: "--sandbox",
    sdk: "sandbox",
    setting: "sandbox.mode",
    env: "AGENIX_SANDBOX",
    order: "layers",
    parse: (raw, source) => {
      const value = nonEmpty(text(raw));
      return value === undefined ? undefined : parseSandboxMode(value, source);
    },
    note: "Unset: workspace-write when bubblewrap works (CLI), off (SDK); see docs/sandbox.md. An untrusted project's value other than read-only is ignored.",
  }),
  checkpoints: row<boolean>({
    sdk: "checkpoints.enabled",
    setting: "checkpoints.enabled",
    order: "layers",
    defaults: { cli: true, sdk: true },
    parse: parseOnOff,
    note: "Snapshots for /undo and agenix checkpoints (docs/checkpoints.md); the SDK's checkpoints: false turns them off too.",
  }),
  checkpointMaxFileBytes: row<number>({
    sdk: "checkpoints.maxFileBytes",
    setting: "checkpoints.maxFileBytes",
    order: "layers",
    defaults: { cli: 10 * 1024 * 1024, sdk: 10 * 1024 * 1024 },
    parse: (raw, source) => parsePositiveInt(raw, source, "a positive number of bytes"),
  }),
  checkpointMaxFiles: row<number>({
    sdk: "checkpoints.maxFiles",
    setting: "checkpoints.maxFiles",
    order: "layers",
    defaults: { cli: 100_000, sdk: 100_000 },
    parse: (raw, source) => parsePositiveInt(raw, source),
  }),
  sessionStore: row<string>({
    setting: "sessionStore",
    env: "AGENIX_SESSION_STORE",
    order: "layers",
    parse: (raw) => nonEmpty(text(raw))?.trim(),
    note: "The SDK's sessionManager option replaces the store. An untrusted project's value is ignored.",
  }),
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

export type RunOptionKey = keyof typeof RUN_OPTIONS;
type RowValue<R> = R extends RunOptionRow<infer T> ? T : never;
type HasDefault<R> = R extends { defaults: object } ? true : false;

/** Every option resolved: a value, or undefined when no layer gives one and there is no default. */
export type RunValues = {
  [K in RunOptionKey]: HasDefault<(typeof RUN_OPTIONS)[K]> extends true
    ? RowValue<(typeof RUN_OPTIONS)[K]>
    : RowValue<(typeof RUN_OPTIONS)[K]> | undefined;
};

/** What a front end passes: the flags or SDK options as given (each parsed by its row). */
export type RunOptions = { [K in RunOptionKey]?: unknown } & { yolo?: boolean };

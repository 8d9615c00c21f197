import { ConfigError, UsageError } from "./errors.js";
import { API_KEY_VARIABLES, PLACEHOLDER_API_KEY } from "./providers/api-keys.js";
import { inferProvider } from "./providers/index.js";
import type { ProviderName } from "./providers/types.js";
import { resolveDir } from "./sessions/paths.js";
import { envLayer } from "./settings/env-layer.js";
import type { LoadedSettings } from "./settings/load.js";
import type { SettingsData } from "./settings/schema.js";

export const DEFAULT_MODEL = "gpt-4o";
/** The model used when only ANTHROPIC_API_KEY is set (or the provider is anthropic). */
export const DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-4-6";
export const DEFAULT_MODELS: Record<ProviderName, string> = {
  openai: DEFAULT_MODEL,
  anthropic: DEFAULT_ANTHROPIC_MODEL,
};
const CLI_DEFAULT_MAX_TURNS = 100;
export const SDK_DEFAULT_MAX_TURNS = 10;

/** The flags as commander parses them (all optional strings/booleans). */
export interface CliFlags {
  model?: string;
  provider?: string;
  apiKey?: string;
  baseUrl?: string;
  workingDir?: string;
  systemPrompt?: string;
  appendSystemPrompt?: string;
  session?: string;
  continue?: boolean;
  resume?: boolean;
  maxTurns?: string | number;
  name?: string;
  tag?: string[];
  json?: boolean;
  reasoningEffort?: string;
  permissionMode?: string;
  yolo?: boolean;
  allow?: string[];
  deny?: string[];
  ask?: string[];
  strictPermissions?: boolean;
  trust?: boolean;
  print?: boolean;
  outputFormat?: string;
  inputFormat?: string;
}

export type OutputFormat = "text" | "json" | "stream-json";
export type InputFormat = "text" | "stream-json";

export interface Settings {
  /** --model, else the settings files, else AGENIX_MODEL; undefined: chosen from the keys that are set. */
  model?: string;
  /** True when --model was given: it then overrides the model of a continued session. */
  modelFromFlag: boolean;
  /** Explicit --provider; undefined means "infer from the model". */
  provider?: ProviderName;
  apiKey?: string;
  baseUrl?: string;
  /** Absolute; existence is checked by checkWorkingDir(). */
  workingDir: string;
  maxTurns: number;
  systemPrompt?: string;
  appendSystemPrompt?: string;
  session?: string;
  continue: boolean;
  resume: boolean;
  name?: string;
  tags: string[];
  /** --output-format json (or its alias --json). */
  json: boolean;
  outputFormat: OutputFormat;
  inputFormat: InputFormat;
  /** -p/--print: never interactive, even on a terminal. */
  print: boolean;
  /** --reasoning-effort, else AGENIX_REASONING_EFFORT; undefined: the provider's default. */
  reasoningEffort?: ReasoningEffort;
  /** --permission-mode, --yolo, --allow, --deny, --ask as given (checked with the settings files). */
  permissionFlags: {
    permissionMode?: string;
    yolo?: boolean;
    allow?: string[];
    deny?: string[];
    ask?: string[];
  };
  strictPermissions: boolean;
  /** --trust: trust the project (its settings may widen permissions, run extensions and MCP servers). */
  trust: boolean;
  /** The settings files as loaded (trust-gated), set by the CLI after loadSettings(). */
  loaded?: LoadedSettings;
}

export type Env = Record<string, string | undefined>;

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value : undefined;
}

function parseProviderName(value: string | undefined): ProviderName | undefined {
  if (value === undefined) return undefined;
  if (value === "openai" || value === "anthropic") return value;
  throw new UsageError(`Unknown provider: ${value} (expected openai or anthropic)`);
}

export function parseMaxTurns(value: string | number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const text = String(value).trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(
      `Invalid --max-turns: ${JSON.stringify(String(value))} (expected a positive integer)`,
    );
  }
  return n;
}

/** The output format from --output-format, or json for the --json alias; text by default. */
export function parseOutputFormat(flags: Pick<CliFlags, "outputFormat" | "json">): OutputFormat {
  const value = flags.outputFormat ?? (flags.json ? "json" : "text");
  if (value === "text" || value === "json" || value === "stream-json") {
    if (flags.json && value !== "json")
      throw new UsageError(
        `--json conflicts with --output-format ${value} (--json means --output-format json)`,
      );
    return value;
  }
  throw new UsageError(`Unknown --output-format: ${value} (expected text, json or stream-json)`);
}

function parseInputFormat(value: string | undefined): InputFormat {
  if (value === undefined || value === "text" || value === "stream-json") return value ?? "text";
  throw new UsageError(`Unknown --input-format: ${value} (expected text or stream-json)`);
}

const PROVIDER_PREFIX = /^([A-Za-z][\w.-]*)\/(.+)$/;

/**
 * A model id as given: `openai/gpt-4o` and `anthropic/claude-...` name their provider; any other
 * `prefix/` is an error unless a base URL points at an OpenAI-compatible server (those name models
 * `org/model`, e.g. `meta-llama/Llama-3`), so a typo never silently goes to the default provider.
 */
export function splitModelPrefix(
  model: string,
  hasBaseUrl: boolean,
  source = "--model",
): { model: string; provider?: ProviderName } {
  const match = PROVIDER_PREFIX.exec(model);
  if (!match) return { model };
  const [, prefix, rest] = match as unknown as [string, string, string];
  const lower = prefix.toLowerCase();
  if (lower === "openai" || lower === "anthropic") return { model: rest, provider: lower };
  if (hasBaseUrl) return { model };
  throw new UsageError(
    `Unknown provider prefix in ${source} ${JSON.stringify(model)}: "${prefix}/" (agenix speaks openai and anthropic). ` +
      `Use a model id such as gpt-4o or claude-sonnet-4-5 (optionally openai/... or anthropic/...), ` +
      "or pass --base-url for an OpenAI-compatible server that names its models this way.",
  );
}

/**
 * CLI settings: flags over `values` (the settings files merged over the environment, from
 * loadSettings; default: the environment alone). Throws UsageError for malformed flags; reads the disk only to resolve symlinks in the working directory.
 */
export function resolveSettings(
  flags: CliFlags,
  env: Env,
  cwd: string,
  values: SettingsData = envLayer(env),
): Settings {
  if (flags.model !== undefined && flags.model.trim() === "") {
    throw new UsageError(
      "Empty --model: give a model id (e.g. --model gpt-4o or --model claude-sonnet-4-5), or leave the flag out for the default.",
    );
  }
  const flagModel = nonEmpty(flags.model);
  const baseUrl = nonEmpty(flags.baseUrl) ?? values.baseUrl;
  const hasBaseUrl =
    baseUrl !== undefined ||
    nonEmpty(env.OPENAI_BASE_URL) !== undefined ||
    nonEmpty(env.OPENAI_API_BASE) !== undefined;
  const configured = flagModel ?? values.model;
  const chosen =
    configured === undefined
      ? { model: undefined, provider: undefined }
      : splitModelPrefix(configured, hasBaseUrl, flagModel ? "--model" : "the configured model");
  const flagProvider = parseProviderName(flags.provider);
  if (flagProvider && chosen.provider && flagProvider !== chosen.provider) {
    throw new UsageError(
      `--provider ${flagProvider} conflicts with the model's prefix ${chosen.provider}/: drop one of them.`,
    );
  }
  const outputFormat = parseOutputFormat(flags);
  return {
    model: chosen.model,
    modelFromFlag: flagModel !== undefined,
    provider: flagProvider ?? chosen.provider ?? values.provider,
    apiKey: nonEmpty(flags.apiKey),
    baseUrl,
    workingDir: resolveDir(flags.workingDir, cwd, env),
    maxTurns: parseMaxTurns(flags.maxTurns, values.maxTurns ?? CLI_DEFAULT_MAX_TURNS),
    systemPrompt: flags.systemPrompt ?? values.systemPrompt,
    appendSystemPrompt: flags.appendSystemPrompt ?? values.appendSystemPrompt,
    trust: flags.trust === true,
    session: flags.session,
    continue: flags.continue === true,
    resume: flags.resume === true,
    name: flags.name,
    tags: flags.tag ?? [],
    json: outputFormat === "json",
    outputFormat,
    inputFormat: parseInputFormat(flags.inputFormat),
    print: flags.print === true,
    reasoningEffort:
      parseReasoningEffort(nonEmpty(flags.reasoningEffort), "--reasoning-effort") ??
      parseReasoningEffort(nonEmpty(env.AGENIX_REASONING_EFFORT), "AGENIX_REASONING_EFFORT"),
    permissionFlags: {
      permissionMode: flags.permissionMode,
      yolo: flags.yolo === true,
      allow: flags.allow,
      deny: flags.deny,
      ask: flags.ask,
    },
    strictPermissions: flags.strictPermissions === true,
  };
}

/** What is sent; `none` (accepted by the parser, as in settings files) means "send nothing". */
export const REASONING_EFFORTS = ["minimal", "low", "medium", "high", "xhigh"] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

/**
 * `low|medium|high` (also `minimal`, `xhigh`, and `none` = off, the values settings files accept; any
 * case); `source` names the flag or variable in the error.
 */
export function parseReasoningEffort(value: string | undefined, source: string): ReasoningEffort | undefined {
  if (value === undefined) return undefined;
  const effort = value.trim().toLowerCase();
  if (effort === "none") return undefined;
  if ((REASONING_EFFORTS as readonly string[]).includes(effort)) return effort as ReasoningEffort;
  const message = `Invalid ${source}: ${JSON.stringify(value)} (expected low, medium or high; also minimal, xhigh or none)`;
  throw source.startsWith("--") ? new UsageError(message) : new ConfigError(message);
}

/**
 * Compaction settings, named after the settings keys `compaction.enabled`, `compaction.contextWindow`,
 * `compaction.reserveTokens`, `compaction.keepRecentTokens`. Unset numbers mean "the default":
 * the catalog's window (128,000 when unknown), 16,384 reserved, 20,000 kept; the defaults for reserve
 * and keep are each capped at a quarter of the window, so a small window still works.
 */
export interface CompactionSettings {
  enabled: boolean;
  contextWindow?: number;
  reserveTokens?: number;
  keepRecentTokens?: number;
}

export const DEFAULT_RESERVE_TOKENS = 16_384;
export const DEFAULT_KEEP_RECENT_TOKENS = 20_000;

function tokenCount(raw: unknown, name: string, allowZero: boolean): number | undefined {
  if (raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "")) return undefined;
  const text = String(raw).trim().replace(/_/g, "");
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || (!allowZero && n < 1)) {
    throw new ConfigError(
      `Invalid ${name}: ${JSON.stringify(String(raw))} (expected ${allowZero ? "a number of tokens, 0 or more" : "a positive number of tokens"}, e.g. 128000)`,
    );
  }
  return n;
}

function flag(raw: string | undefined, name: string): boolean | undefined {
  const value = nonEmpty(raw)?.trim().toLowerCase();
  if (value === undefined) return undefined;
  if (["1", "true", "on", "yes"].includes(value)) return true;
  if (["0", "false", "off", "no"].includes(value)) return false;
  throw new ConfigError(`Invalid ${name}: ${JSON.stringify(raw)} (expected on or off)`);
}

/**
 * Given settings (SDK options, later the settings files) < environment: AGENIX_CONTEXT_WINDOW and
 * AGENIX_AUTO_COMPACT. Throws ConfigError naming the setting for a malformed value, or a reserve
 * that does not fit in the window.
 */
export function resolveCompactionSettings(given: Partial<CompactionSettings>, env: Env): CompactionSettings {
  const settings: CompactionSettings = {
    enabled: flag(env.AGENIX_AUTO_COMPACT, "AGENIX_AUTO_COMPACT") ?? given.enabled ?? true,
    contextWindow:
      tokenCount(env.AGENIX_CONTEXT_WINDOW, "AGENIX_CONTEXT_WINDOW", false) ??
      tokenCount(given.contextWindow, "compaction.contextWindow", false),
    reserveTokens: tokenCount(given.reserveTokens, "compaction.reserveTokens", true),
    keepRecentTokens: tokenCount(given.keepRecentTokens, "compaction.keepRecentTokens", true),
  };
  if (settings.contextWindow !== undefined) compactionLimits(settings, settings.contextWindow);
  return settings;
}

export interface CompactionLimits {
  contextWindow: number;
  reserveTokens: number;
  keepRecentTokens: number;
}

/** The numbers in force for a window; throws ConfigError when a given reserve or keep does not fit. */
export function compactionLimits(settings: CompactionSettings, contextWindow: number): CompactionLimits {
  const quarter = Math.floor(contextWindow / 4);
  const reserve = settings.reserveTokens ?? Math.min(DEFAULT_RESERVE_TOKENS, quarter);
  const keep = settings.keepRecentTokens ?? Math.min(DEFAULT_KEEP_RECENT_TOKENS, quarter);
  const windowName = "the context window (compaction.contextWindow / AGENIX_CONTEXT_WINDOW)";
  if (reserve >= contextWindow)
    throw new ConfigError(
      `compaction.reserveTokens (${reserve}) must be smaller than ${windowName}, ${contextWindow} tokens. Lower it or raise the window.`,
    );
  if (keep >= contextWindow)
    throw new ConfigError(
      `compaction.keepRecentTokens (${keep}) must be smaller than ${windowName}, ${contextWindow} tokens. Lower it or raise the window.`,
    );
  return { contextWindow, reserveTokens: reserve, keepRecentTokens: keep };
}

/**
 * AGENIX_REQUEST_TIMEOUT_MS: how long a model request may stay silent (no byte from the server)
 * before it is abandoned and retried. Unset: the provider default (600000 = 10 minutes).
 */
export function requestTimeoutMs(env: Env): number | undefined {
  const raw = nonEmpty(env.AGENIX_REQUEST_TIMEOUT_MS)?.trim();
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1) {
    throw new ConfigError(
      `Invalid AGENIX_REQUEST_TIMEOUT_MS: ${JSON.stringify(raw)} (expected a positive number of milliseconds)`,
    );
  }
  return n;
}

export interface ConnectionInput {
  model: string;
  provider?: ProviderName;
  apiKey?: string;
  baseUrl?: string;
}

export interface Connection {
  provider: ProviderName;
  apiKey: string;
  baseUrl?: string;
}

const KEY_VARS = API_KEY_VARIABLES;

type ConnectionFields = Omit<ConnectionInput, "model">;

function baseUrlFor(provider: ProviderName, input: ConnectionFields, env: Env): string | undefined {
  return (
    nonEmpty(input.baseUrl) ??
    (provider === "openai"
      ? (nonEmpty(env.OPENAI_BASE_URL) ?? nonEmpty(env.OPENAI_API_BASE))
      : nonEmpty(env.ANTHROPIC_BASE_URL))
  );
}

/** True when nothing could reach a model without looking for a local server: no key, no base URL. */
export function nothingConfigured(input: ConnectionFields, env: Env): boolean {
  if (nonEmpty(input.apiKey) || nonEmpty(env.AGENIX_API_KEY)) return false;
  if (nonEmpty(env.OPENAI_API_KEY) || nonEmpty(env.ANTHROPIC_API_KEY)) return false;
  if (input.provider) return baseUrlFor(input.provider, input, env) === undefined;
  return baseUrlFor("openai", input, env) === undefined && baseUrlFor("anthropic", input, env) === undefined;
}

/**
 * The model when none is configured: the explicit provider's default; else the first provider whose
 * key (or base URL) is set, OpenAI first (ANTHROPIC_API_KEY alone -> a Claude model). Undefined
 * when nothing is set (then a local server may be probed).
 */
export function defaultModelFor(input: ConnectionFields, env: Env): string | undefined {
  if (input.provider) return DEFAULT_MODELS[input.provider];
  if (nonEmpty(input.apiKey) || nonEmpty(input.baseUrl)) return DEFAULT_MODEL;
  if (nonEmpty(env.OPENAI_API_KEY)) return DEFAULT_MODEL;
  if (nonEmpty(env.ANTHROPIC_API_KEY)) return DEFAULT_ANTHROPIC_MODEL;
  if (nonEmpty(env.AGENIX_API_KEY) || baseUrlFor("openai", input, env)) return DEFAULT_MODEL;
  if (baseUrlFor("anthropic", input, env)) return DEFAULT_ANTHROPIC_MODEL;
  return undefined;
}

/** The error when no key, no base URL and no local server is there: every way in. */
export function noProviderError(): ConfigError {
  return new ConfigError(
    "No model provider is set up. Any one of these works:\n" +
      `  - set OPENAI_API_KEY (OpenAI models; default ${DEFAULT_MODEL})\n` +
      `  - set ANTHROPIC_API_KEY (Claude models; default ${DEFAULT_ANTHROPIC_MODEL})\n` +
      "  - run a local OpenAI-compatible server (Ollama on port 11434, LM Studio on 1234, llama.cpp on 8080; " +
      "found automatically), or pass --base-url <url> (and --model)",
  );
}

/**
 * Provider, key and endpoint for a model. Explicit values win; then the provider's own variables
 * (OPENAI_API_KEY / ANTHROPIC_API_KEY), then AGENIX_API_KEY. A base URL without a key gets a
 * placeholder key (local servers). Neither -> ConfigError, before anything is saved; it never
 * tells the user to set a key that is already set.
 */
export function resolveConnection(input: ConnectionInput, env: Env): Connection {
  const provider = input.provider ?? inferProvider(input.model);
  const baseUrl = baseUrlFor(provider, input, env);
  const apiKey = nonEmpty(input.apiKey) ?? nonEmpty(env[KEY_VARS[provider]]) ?? nonEmpty(env.AGENIX_API_KEY);
  if (apiKey) return { provider, apiKey, baseUrl };
  if (baseUrl) return { provider, apiKey: PLACEHOLDER_API_KEY, baseUrl };
  if (nothingConfigured(input, env)) throw noProviderError();
  const other: ProviderName = provider === "openai" ? "anthropic" : "openai";
  const label = provider === "openai" ? "OpenAI" : "Anthropic";
  const otherHint = nonEmpty(env[KEY_VARS[other]])
    ? `; ${KEY_VARS[other]} is set, so a ${other === "openai" ? "GPT" : "Claude"} model works: --model ${DEFAULT_MODELS[other]}`
    : "";
  throw new ConfigError(
    `No API key for ${label} (model ${input.model}): set ${KEY_VARS[provider]} or pass --api-key${otherHint}; ` +
      "for a local server pass --base-url",
  );
}

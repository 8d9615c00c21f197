// Settings resolution: defaults < environment < user < project < local settings files < flags.
// Pure functions of (flags, env, cwd, the files' merged values) so the priority rules are
// unit-testable; reading the files is src/settings/load.ts. Compaction settings and the provider
// connection live in compaction-settings.ts and connection.ts.
import { ConfigError, UsageError } from "./errors.js";
import type { PromptCaching } from "./providers/cache-anthropic.js";
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
  maxBudgetUsd?: string;
  fallbackModel?: string[];
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
  /** --max-budget-usd, else settings maxBudgetUsd: the run stops before crossing it. */
  maxBudgetUsd?: number;
  /** --fallback-model (repeatable or comma-separated), else settings fallbackModel: up to 3. */
  fallbackModels: string[];
  /** Settings promptCaching (default on). */
  promptCaching: PromptCaching;
}

export type Env = Record<string, string | undefined>;

export function nonEmpty(value: string | undefined): string | undefined {
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
    maxBudgetUsd: parseBudget(flags.maxBudgetUsd) ?? values.maxBudgetUsd,
    fallbackModels: parseFallbackModels(
      flags.fallbackModel ?? values.fallbackModel,
      flags.fallbackModel !== undefined,
    ),
    promptCaching: promptCachingOf(values.promptCaching),
  };
}

/** `--max-budget-usd 2` or `2.50` or `$2`: a positive number of US dollars. */
export function parseBudget(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.trim().replace(/^\$/, ""));
  if (!Number.isFinite(n) || n <= 0 || value.trim() === "")
    throw new UsageError(
      `Invalid --max-budget-usd: ${JSON.stringify(value)} (expected a positive number of US dollars, e.g. 2 or 0.50)`,
    );
  return n;
}

/** Fallback models in order: repeated flags and comma-separated lists; at most 3. */
export function parseFallbackModels(value: string | string[] | undefined, fromFlag: boolean): string[] {
  if (value === undefined) return [];
  const models = (Array.isArray(value) ? value : [value])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
  if (models.length > 3) {
    const message = `Too many fallback models (${models.length}): give at most 3 (${models.join(", ")}).`;
    throw fromFlag
      ? new UsageError(`--fallback-model: ${message}`)
      : new ConfigError(`fallbackModel: ${message}`);
  }
  return models;
}

/** Settings promptCaching as the providers take it: on by default, `false` off. */
export function promptCachingOf(value: SettingsData["promptCaching"]): PromptCaching {
  if (value === false) return false;
  if (value === undefined || value === true) return {};
  return value;
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

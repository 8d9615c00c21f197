// Settings resolution: defaults < environment < command-line flags. Pure functions of
// (flags, env, cwd) so the priority rules are unit-testable; checks that need the disk live elsewhere.
import path from "node:path";
import { ConfigError, UsageError } from "./errors.js";
import { API_KEY_VARIABLES, PLACEHOLDER_API_KEY } from "./providers/api-keys.js";
import { inferProvider } from "./providers/index.js";
import type { ProviderName } from "./providers/types.js";

export const DEFAULT_MODEL = "gpt-4o";
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
  session?: string;
  continue?: boolean;
  resume?: boolean;
  maxTurns?: string | number;
  name?: string;
  tag?: string[];
  json?: boolean;
  print?: boolean;
  outputFormat?: string;
  inputFormat?: string;
}

export type OutputFormat = "text" | "json" | "stream-json";
export type InputFormat = "text" | "stream-json";

export interface Settings {
  /** Model from --model, else AGENIX_MODEL, else gpt-4o. */
  model: string;
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

/** Resolves a user-given directory against cwd, expanding a leading `~` (unexpanded in `--flag=~/x`). */
export function resolveDir(dir: string | undefined, cwd: string, env: Env): string {
  if (dir === undefined || dir === "") return path.resolve(cwd);
  const home = env.HOME;
  if (home && (dir === "~" || dir.startsWith("~/"))) return path.resolve(home, dir.slice(2));
  return path.resolve(cwd, dir);
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

/** CLI settings. Throws UsageError for malformed flags; never touches the disk or the network. */
export function resolveSettings(flags: CliFlags, env: Env, cwd: string): Settings {
  if (flags.model !== undefined && flags.model.trim() === "") {
    throw new UsageError(
      "Empty --model: give a model id (e.g. --model gpt-4o or --model claude-sonnet-4-5), or leave the flag out for the default (AGENIX_MODEL, else gpt-4o).",
    );
  }
  const flagModel = nonEmpty(flags.model);
  const baseUrl = nonEmpty(flags.baseUrl);
  const hasBaseUrl =
    baseUrl !== undefined ||
    nonEmpty(env.OPENAI_BASE_URL) !== undefined ||
    nonEmpty(env.OPENAI_API_BASE) !== undefined;
  const chosen = flagModel
    ? splitModelPrefix(flagModel, hasBaseUrl)
    : splitModelPrefix(nonEmpty(env.AGENIX_MODEL) ?? DEFAULT_MODEL, hasBaseUrl, "AGENIX_MODEL");
  const provider = parseProviderName(flags.provider);
  if (provider && chosen.provider && provider !== chosen.provider) {
    throw new UsageError(
      `--provider ${provider} conflicts with the model's prefix ${chosen.provider}/: drop one of them.`,
    );
  }
  const outputFormat = parseOutputFormat(flags);
  return {
    model: chosen.model,
    modelFromFlag: flagModel !== undefined,
    provider: provider ?? chosen.provider,
    apiKey: nonEmpty(flags.apiKey),
    baseUrl,
    workingDir: resolveDir(flags.workingDir, cwd, env),
    maxTurns: parseMaxTurns(flags.maxTurns, CLI_DEFAULT_MAX_TURNS),
    systemPrompt: flags.systemPrompt,
    session: flags.session,
    continue: flags.continue === true,
    resume: flags.resume === true,
    name: flags.name,
    tags: flags.tag ?? [],
    json: outputFormat === "json",
    outputFormat,
    inputFormat: parseInputFormat(flags.inputFormat),
    print: flags.print === true,
  };
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

/**
 * Provider, key and endpoint for a model. Explicit values win; then the provider's own variables
 * (OPENAI_API_KEY / ANTHROPIC_API_KEY), then AGENIX_API_KEY. A base URL without a key gets a
 * placeholder key (local servers). Neither -> ConfigError, before anything is saved.
 */
export function resolveConnection(input: ConnectionInput, env: Env): Connection {
  const provider = input.provider ?? inferProvider(input.model);
  const baseUrl =
    nonEmpty(input.baseUrl) ??
    (provider === "openai"
      ? (nonEmpty(env.OPENAI_BASE_URL) ?? nonEmpty(env.OPENAI_API_BASE))
      : nonEmpty(env.ANTHROPIC_BASE_URL));
  const apiKey =
    nonEmpty(input.apiKey) ?? nonEmpty(env[API_KEY_VARIABLES[provider]]) ?? nonEmpty(env.AGENIX_API_KEY);
  if (apiKey) return { provider, apiKey, baseUrl };
  if (baseUrl) return { provider, apiKey: PLACEHOLDER_API_KEY, baseUrl };
  const hint =
    provider === "openai"
      ? "set OPENAI_API_KEY (or ANTHROPIC_API_KEY)"
      : "set ANTHROPIC_API_KEY (or AGENIX_API_KEY)";
  throw new ConfigError(
    `No API key for ${provider}: ${hint}, or pass --api-key; for a local server pass --base-url`,
  );
}

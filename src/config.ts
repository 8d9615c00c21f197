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
}

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
  json: boolean;
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

/** CLI settings. Throws UsageError for malformed flags; never touches the disk or the network. */
export function resolveSettings(flags: CliFlags, env: Env, cwd: string): Settings {
  const flagModel = nonEmpty(flags.model);
  return {
    model: flagModel ?? nonEmpty(env.AGENIX_MODEL) ?? DEFAULT_MODEL,
    modelFromFlag: flagModel !== undefined,
    provider: parseProviderName(flags.provider),
    apiKey: nonEmpty(flags.apiKey),
    baseUrl: nonEmpty(flags.baseUrl),
    workingDir: resolveDir(flags.workingDir, cwd, env),
    maxTurns: parseMaxTurns(flags.maxTurns, CLI_DEFAULT_MAX_TURNS),
    systemPrompt: flags.systemPrompt,
    session: flags.session,
    continue: flags.continue === true,
    resume: flags.resume === true,
    name: flags.name,
    tags: flags.tag ?? [],
    json: flags.json === true,
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
  throw new ConfigError(missingKeyMessage(provider, input.model, env));
}

/** A model each provider's key can be used with, named when the user has the other provider's key. */
const EXAMPLE_MODEL: Record<ProviderName, string> = {
  openai: "gpt-4o",
  anthropic: "claude-sonnet-4-6",
};

/** Names the missing variable and, when the other provider's key is set, how to use that one instead. */
function missingKeyMessage(provider: ProviderName, model: string, env: Env): string {
  const wanted = API_KEY_VARIABLES[provider];
  let message =
    `No API key for ${provider} (model ${model}): set ${wanted} (or AGENIX_API_KEY), or pass --api-key; ` +
    "for a local server pass --base-url.";
  const other: ProviderName = provider === "openai" ? "anthropic" : "openai";
  if (nonEmpty(env[API_KEY_VARIABLES[other]])) {
    message +=
      ` ${API_KEY_VARIABLES[other]} is set: to use it, pass --model ${EXAMPLE_MODEL[other]}` +
      ` (or set AGENIX_MODEL=${EXAMPLE_MODEL[other]}).`;
  }
  return message;
}

// Which provider, key and endpoint a model is reached with, from flags, settings and the
// environment; and the errors that say how to set one up.

import { NoKeyError } from "./errors.js";
import { providerKey } from "./provider-keys.js";
import { API_KEY_VARIABLES, PLACEHOLDER_API_KEY } from "./providers/api-keys.js";
import { inferProvider } from "./providers/index.js";
import type { ProviderName } from "./providers/types.js";
import { type Env, nonEmpty } from "./settings/choices.js";

export const DEFAULT_MODEL = "gpt-4o";
/** The model used when only ANTHROPIC_API_KEY is set (or the provider is anthropic). */
export const DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-4-6";
export const DEFAULT_MODELS: Record<ProviderName, string> = {
  openai: DEFAULT_MODEL,
  anthropic: DEFAULT_ANTHROPIC_MODEL,
};

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
/** A key from `env`, or the one the CLI moved out of process.env at start (provider-keys.ts). */
const key = providerKey;

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
  if (nonEmpty(input.apiKey) || key(env, "AGENIX_API_KEY")) return false;
  if (key(env, "OPENAI_API_KEY") || key(env, "ANTHROPIC_API_KEY")) return false;
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
  if (key(env, "OPENAI_API_KEY")) return DEFAULT_MODEL;
  if (key(env, "ANTHROPIC_API_KEY")) return DEFAULT_ANTHROPIC_MODEL;
  if (key(env, "AGENIX_API_KEY") || baseUrlFor("openai", input, env)) return DEFAULT_MODEL;
  if (baseUrlFor("anthropic", input, env)) return DEFAULT_ANTHROPIC_MODEL;
  return undefined;
}

/** The error when no key, no base URL and no local server is there: every way in. */
export function noProviderError(): NoKeyError {
  return new NoKeyError(
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
export function resolveConnection(
  input: ConnectionInput,
  env: Env,
  /** Set for a mid-session switch: some provider is set up (the session's), so name this one's key. */
  switching = false,
): Connection {
  const provider = input.provider ?? inferProvider(input.model);
  const baseUrl = baseUrlFor(provider, input, env);
  const apiKey = nonEmpty(input.apiKey) ?? key(env, KEY_VARS[provider]) ?? key(env, "AGENIX_API_KEY");
  if (apiKey) return { provider, apiKey, baseUrl };
  if (baseUrl) return { provider, apiKey: PLACEHOLDER_API_KEY, baseUrl };
  if (switching) {
    const label = provider === "openai" ? "OpenAI" : "Anthropic";
    const baseVar = provider === "openai" ? "OPENAI_BASE_URL" : "ANTHROPIC_BASE_URL";
    throw new NoKeyError(
      `No API key for ${label} (model ${input.model}): set ${KEY_VARS[provider]} (or ${baseVar} for a compatible server) ` +
        "and start agenix again; this session's --api-key and --base-url belong to its own provider.",
    );
  }
  if (nothingConfigured(input, env)) throw noProviderError();
  const other: ProviderName = provider === "openai" ? "anthropic" : "openai";
  const label = provider === "openai" ? "OpenAI" : "Anthropic";
  const otherHint = key(env, KEY_VARS[other])
    ? `; ${KEY_VARS[other]} is set, so a ${other === "openai" ? "GPT" : "Claude"} model works: --model ${DEFAULT_MODELS[other]}`
    : "";
  throw new NoKeyError(
    `No API key for ${label} (model ${input.model}): set ${KEY_VARS[provider]} or pass --api-key${otherHint}; ` +
      "for a local server pass --base-url",
  );
}

// The environment layer (above the defaults, below every settings file): AGENIX_MODEL,
// AGENIX_PROVIDER, AGENIX_BASE_URL, AGENIX_MAX_TURNS, AGENIX_REASONING_EFFORT, AGENIX_PERMISSION_MODE,
// AGENIX_SANDBOX.
import { ConfigError } from "../errors.js";
import { PERMISSION_MODES, REASONING_EFFORTS } from "./choices.js";
import type { SettingsData } from "./schema.js";

export type Env = Record<string, string | undefined>;

/** Dotted settings key -> the variable that sets it. */
export const ENV_VARIABLES: Record<string, string> = {
  model: "AGENIX_MODEL",
  provider: "AGENIX_PROVIDER",
  baseUrl: "AGENIX_BASE_URL",
  maxTurns: "AGENIX_MAX_TURNS",
  reasoningEffort: "AGENIX_REASONING_EFFORT",
  "permissions.defaultMode": "AGENIX_PERMISSION_MODE",
  "sandbox.mode": "AGENIX_SANDBOX",
};

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[]): T | undefined {
  const value = read(env, name);
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) {
    throw new ConfigError(
      `Invalid ${name}: ${JSON.stringify(value)} (expected one of: ${allowed.join(", ")})`,
    );
  }
  return value as T;
}

export function envLayer(env: Env): SettingsData {
  const data: SettingsData = {};
  const model = read(env, "AGENIX_MODEL");
  if (model) data.model = model;
  const provider = oneOf(env, "AGENIX_PROVIDER", ["openai", "anthropic"] as const);
  if (provider) data.provider = provider;
  const baseUrl = read(env, "AGENIX_BASE_URL");
  if (baseUrl) {
    if (!URL.canParse(baseUrl))
      throw new ConfigError(`Invalid AGENIX_BASE_URL: ${JSON.stringify(baseUrl)} (expected a URL)`);
    data.baseUrl = baseUrl;
  }
  const turns = read(env, "AGENIX_MAX_TURNS");
  if (turns !== undefined) {
    const n = Number(turns);
    if (!/^\d+$/.test(turns) || !Number.isSafeInteger(n) || n < 1) {
      throw new ConfigError(
        `Invalid AGENIX_MAX_TURNS: ${JSON.stringify(turns)} (expected a positive integer)`,
      );
    }
    data.maxTurns = n;
  }
  const effort = oneOf(env, "AGENIX_REASONING_EFFORT", REASONING_EFFORTS);
  if (effort) data.reasoningEffort = effort;
  const mode = oneOf(env, "AGENIX_PERMISSION_MODE", PERMISSION_MODES);
  if (mode) data.permissions = { defaultMode: mode };
  // Checked (exit 2) with the other sandbox settings in src/sandbox/config.ts.
  const sandbox = read(env, "AGENIX_SANDBOX");
  if (sandbox) data.sandbox = { mode: sandbox };
  return data;
}

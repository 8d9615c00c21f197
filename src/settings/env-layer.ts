// The environment layer (above the defaults, below every settings file): one row per variable, each
// parsed by the same parser as the flag or SDK option for that key (choices.ts). The variables that
// are not a layer (AGENIX_CONTEXT_WINDOW, AGENIX_AUTO_COMPACT win over everything) are in the run
// options table, src/run/options.ts.
import { ConfigError } from "../errors.js";
import {
  type Env,
  nonEmpty,
  PERMISSION_MODES,
  parsePositiveInt,
  parseReasoningEffortChoice,
} from "./choices.js";
import type { SettingsData } from "./schema.js";

export type { Env };

interface EnvRow {
  /** Dotted settings key. */
  key: string;
  variable: string;
  parse(value: string, variable: string): unknown;
}

function oneOf<T extends string>(allowed: readonly T[]) {
  return (value: string, name: string): T => {
    if (!allowed.includes(value as T)) {
      throw new ConfigError(
        `Invalid ${name}: ${JSON.stringify(value)} (expected one of: ${allowed.join(", ")})`,
      );
    }
    return value as T;
  };
}

export const ENV_ROWS: readonly EnvRow[] = [
  { key: "model", variable: "AGENIX_MODEL", parse: (v) => v },
  { key: "provider", variable: "AGENIX_PROVIDER", parse: oneOf(["openai", "anthropic"]) },
  {
    key: "baseUrl",
    variable: "AGENIX_BASE_URL",
    parse: (v, name) => {
      if (!URL.canParse(v)) throw new ConfigError(`Invalid ${name}: ${JSON.stringify(v)} (expected a URL)`);
      return v;
    },
  },
  { key: "maxTurns", variable: "AGENIX_MAX_TURNS", parse: parsePositiveInt },
  { key: "reasoningEffort", variable: "AGENIX_REASONING_EFFORT", parse: parseReasoningEffortChoice },
  { key: "permissions.defaultMode", variable: "AGENIX_PERMISSION_MODE", parse: oneOf(PERMISSION_MODES) },
  { key: "sessionStore", variable: "AGENIX_SESSION_STORE", parse: (v) => v },
  // Checked (exit 2) with the other sandbox settings in src/sandbox/config.ts.
  { key: "sandbox.mode", variable: "AGENIX_SANDBOX", parse: (v) => v },
];

/** Dotted settings key -> the variable that sets it. */
export const ENV_VARIABLES: Record<string, string> = Object.fromEntries(
  ENV_ROWS.map((row) => [row.key, row.variable]),
);

export function envLayer(env: Env): SettingsData {
  const data: Record<string, unknown> = {};
  for (const row of ENV_ROWS) {
    const raw = nonEmpty(env[row.variable])?.trim();
    if (raw === undefined) continue;
    const [head, leaf] = row.key.split(".") as [string, string?];
    const value = row.parse(raw, row.variable);
    if (leaf === undefined) data[head] = value;
    else data[head] = { ...(data[head] as object | undefined), [leaf]: value };
  }
  return data as SettingsData;
}

// The values of a run's settings and their one parser each, used for every layer that gives them as
// text (flags, SDK options, environment variables, settings files), apart from the zod schema so that
// reading the environment (every command does, `sessions list` too) does not load zod.
import { ConfigError, UsageError } from "../errors.js";
import { PERMISSION_MODES } from "../permissions/types.js";

export { PERMISSION_MODES };

/** What is sent to a provider as reasoning effort / extended thinking. */
export const REASONING_EFFORTS = ["minimal", "low", "medium", "high", "xhigh"] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];
/** What a user may write: the efforts, and `none` (send nothing). */
export const REASONING_EFFORT_CHOICES = ["none", ...REASONING_EFFORTS] as const;
export type ReasoningEffortChoice = (typeof REASONING_EFFORT_CHOICES)[number];

export type Env = Record<string, string | undefined>;

/** A flag's problem is a usage error (exit 2); a variable's or a file's is a configuration error. */
function invalid(source: string, message: string): Error {
  return source.startsWith("--") ? new UsageError(message) : new ConfigError(message);
}

/** Text with something in it, else undefined. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value : undefined;
}

/**
 * `none|minimal|low|medium|high|xhigh`, any case; `source` names the flag, variable or key in the
 * error. `none` stays `none` here (a higher layer's `none` overrides a lower one's effort).
 */
export function parseReasoningEffortChoice(
  value: unknown,
  source: string,
): ReasoningEffortChoice | undefined {
  if (value === undefined || value === null) return undefined;
  const effort = String(value).trim().toLowerCase();
  if ((REASONING_EFFORT_CHOICES as readonly string[]).includes(effort))
    return effort as ReasoningEffortChoice;
  throw invalid(
    source,
    `Invalid ${source}: ${JSON.stringify(value)} (expected none, minimal, low, medium, high or xhigh)`,
  );
}

/** The effort to send: `none` and unset are both "nothing". */
export function parseReasoningEffort(value: unknown, source: string): ReasoningEffort | undefined {
  const choice = parseReasoningEffortChoice(value, source);
  return choice === "none" ? undefined : choice;
}

/** A positive whole number given as a number or as text (`source` names it in the error). */
export function parsePositiveInt(
  value: unknown,
  source: string,
  what = "a positive integer",
): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
    throw invalid(source, `Invalid ${source}: ${JSON.stringify(String(value))} (expected ${what})`);
  }
  return n;
}

/** A number of tokens (`128000` or `128_000`); empty text is unset. */
export function parseTokenCount(raw: unknown, source: string, allowZero: boolean): number | undefined {
  if (raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "")) return undefined;
  const text = String(raw).trim().replace(/_/g, "");
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || (!allowZero && n < 1)) {
    throw invalid(
      source,
      `Invalid ${source}: ${JSON.stringify(String(raw))} (expected ${allowZero ? "a number of tokens, 0 or more" : "a positive number of tokens"}, e.g. 128000)`,
    );
  }
  return n;
}

/** on/off (also 1/0, true/false, yes/no), any case; a boolean is taken as it is. */
export function parseOnOff(raw: unknown, source: string): boolean | undefined {
  if (typeof raw === "boolean") return raw;
  const value = typeof raw === "string" ? raw.trim().toLowerCase() || undefined : undefined;
  if (value === undefined) return undefined;
  if (["1", "true", "on", "yes"].includes(value)) return true;
  if (["0", "false", "off", "no"].includes(value)) return false;
  throw invalid(source, `Invalid ${source}: ${JSON.stringify(raw)} (expected on or off)`);
}

/** `2`, `0.50` or `$2`: a positive number of US dollars (--max-budget-usd, maxBudgetUsd). */
export function parseBudgetUsd(raw: unknown, source: string): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  const text = String(raw).trim().replace(/^\$/, "");
  const n = Number(text);
  if (text === "" || !Number.isFinite(n) || n <= 0)
    throw invalid(
      source,
      `Invalid ${source}: ${JSON.stringify(String(raw))} (expected a positive number of US dollars, e.g. 2 or 0.50)`,
    );
  return n;
}

/** Fallback models in order, from repeated flags, comma-separated lists or a settings list; at most 3. */
export function parseFallbackModels(raw: unknown, source: string): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const models = (Array.isArray(raw) ? raw : [raw])
    .flatMap((v) => String(v).split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
  if (models.length > 3)
    throw invalid(
      source,
      `${source}: Too many fallback models (${models.length}): give at most 3 (${models.join(", ")}).`,
    );
  return models;
}

/** Prompt caching as the providers take it: `false` off; `true` or an object on (the object's ttl, cacheKey). */
export function parsePromptCaching(
  raw: unknown,
  source: string,
): false | { ttl?: "5m" | "1h"; cacheKey?: boolean } | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (raw === false || raw === true) return raw ? {} : false;
  if (typeof raw === "object" && !Array.isArray(raw)) {
    const { ttl, cacheKey, ...rest } = raw as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (
      (ttl === undefined || ttl === "5m" || ttl === "1h") &&
      (cacheKey === undefined || typeof cacheKey === "boolean") &&
      extra.length === 0
    )
      return { ...(ttl ? { ttl } : {}), ...(cacheKey !== undefined ? { cacheKey } : {}) };
  }
  throw invalid(
    source,
    `Invalid ${source}: ${JSON.stringify(raw)} (expected false, true, or {"ttl": "5m" | "1h", "cacheKey": true | false})`,
  );
}

// The compaction settings (`compaction.*`, AGENIX_CONTEXT_WINDOW, AGENIX_AUTO_COMPACT) and the limits
// they give for a model's context window.
import { ConfigError } from "./errors.js";

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
  const value = raw?.trim().toLowerCase() || undefined;
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
export function resolveCompactionSettings(
  given: Partial<CompactionSettings>,
  env: Record<string, string | undefined>,
): CompactionSettings {
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

// The compaction settings (`compaction.*`, AGENIX_CONTEXT_WINDOW, AGENIX_AUTO_COMPACT; resolved with
// every other run option by src/run/config.ts) and the limits they give for a model's context window.
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

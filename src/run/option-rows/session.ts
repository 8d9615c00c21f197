// The run options table (options.ts), its rows on the session's upkeep: automatic compaction, the
// command sandbox, checkpoints and the session store.
import { parseSandboxMode } from "../../sandbox/config.js";
import { nonEmpty, parseOnOff, parsePositiveInt, parseTokenCount } from "../../settings/choices.js";
import { row, text } from "./row.js";

export const SESSION_OPTIONS = {
  autoCompact: row<boolean>({
    sdk: "compaction.enabled",
    setting: "compaction.enabled",
    env: "AGENIX_AUTO_COMPACT",
    order: "env-wins",
    defaults: { cli: true, sdk: true },
    parse: parseOnOff,
    note: "The variable is an override for tests and scripts, above everything.",
  }),
  contextWindow: row<number>({
    sdk: "compaction.contextWindow",
    setting: "compaction.contextWindow",
    env: "AGENIX_CONTEXT_WINDOW",
    order: "env-wins",
    parse: (raw, source) => parseTokenCount(raw, source, false),
    note: "Unset: the model catalog's window, else 128,000. The variable is an override, above everything.",
  }),
  reserveTokens: row<number>({
    sdk: "compaction.reserveTokens",
    setting: "compaction.reserveTokens",
    order: "layers",
    parse: (raw, source) => parseTokenCount(raw, source, true),
  }),
  keepRecentTokens: row<number>({
    sdk: "compaction.keepRecentTokens",
    setting: "compaction.keepRecentTokens",
    order: "layers",
    parse: (raw, source) => parseTokenCount(raw, source, true),
  }),
  sandbox: row<string>({
    flag: "--sandbox",
    sdk: "sandbox",
    setting: "sandbox.mode",
    env: "AGENIX_SANDBOX",
    order: "layers",
    parse: (raw, source) => {
      const value = nonEmpty(text(raw));
      return value === undefined ? undefined : parseSandboxMode(value, source);
    },
    note: "Unset: workspace-write when bubblewrap works (CLI), off (SDK); see docs/sandbox.md. An untrusted project's value other than read-only is ignored.",
  }),
  checkpoints: row<boolean>({
    sdk: "checkpoints.enabled",
    setting: "checkpoints.enabled",
    order: "layers",
    defaults: { cli: true, sdk: true },
    parse: parseOnOff,
    note: "Snapshots for /undo and agenix checkpoints (docs/checkpoints.md); the SDK's checkpoints: false turns them off too.",
  }),
  checkpointMaxFileBytes: row<number>({
    sdk: "checkpoints.maxFileBytes",
    setting: "checkpoints.maxFileBytes",
    order: "layers",
    defaults: { cli: 10 * 1024 * 1024, sdk: 10 * 1024 * 1024 },
    parse: (raw, source) => parsePositiveInt(raw, source, "a positive number of bytes"),
  }),
  checkpointMaxFiles: row<number>({
    sdk: "checkpoints.maxFiles",
    setting: "checkpoints.maxFiles",
    order: "layers",
    defaults: { cli: 100_000, sdk: 100_000 },
    parse: (raw, source) => parsePositiveInt(raw, source),
  }),
  sessionStore: row<string>({
    setting: "sessionStore",
    env: "AGENIX_SESSION_STORE",
    order: "layers",
    parse: (raw) => nonEmpty(text(raw))?.trim(),
    note: "The SDK's sessionManager option replaces the store. An untrusted project's value is ignored.",
  }),
} as const;

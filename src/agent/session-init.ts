// What an AgentSession is made of (run/build-session.ts fills it in) and the options of its runs.
import type { CompactionSettings } from "../compaction-settings.js";
import type { SessionData, SessionMetadata } from "../messages/types.js";
import type { Permissions } from "../permissions/gate.js";
import type { Provider, ProviderName } from "../providers/types.js";
import type { ReasoningEffort } from "../settings/choices.js";
import type { BackgroundShells } from "../tools/background-shells.js";
import type { CommandSandbox } from "../tools/shell-handle.js";
import type { Tool } from "../tools/types.js";
import type { CheckpointKeeper } from "./checkpoint-keeper.js";
import type { CommandHookPort } from "./command-hooks.js";
import type { AgentEvent } from "./events.js";
import type { AgentHooks } from "./hooks.js";
import type { RequestBudget } from "./request-guard.js";
import type { RecordStore } from "./session-record.js";

export type AgentNotice = Extract<AgentEvent, { type: "notice" }>;

export interface AgentSessionInit {
  /** null: nothing is saved (SDK `save: false`). */
  store: RecordStore | null;
  /** Told after each successful save with the store's report (e.g. to update a search index). */
  afterSave?: (report: unknown) => Promise<void> | void;
  /** A loaded session (already repaired and locked by the opener). */
  data?: SessionData;
  releaseLock?: () => Promise<void>;
  model: string;
  /** Where tools run (the session's working_dir, or the fallback when it no longer exists). */
  workingDir: string;
  systemPrompt: string;
  /** Set when the system prompt was customised: stored as the `system_prompt` extra key. */
  customSystemPrompt?: string;
  maxTurns: number;
  tools: Tool[];
  /** Tools that come and go (extensions, MCP servers that came up late): asked before each run. */
  extraTools?: () => Tool[];
  /** Provider for a model (resolves keys; may throw ConfigError). */
  providerFor: (model: string) => Promise<Provider>;
  providerName: ProviderName;
  metadata?: SessionMetadata;
  /** Notices raised while opening; yielded at the start of the next stream. */
  notices?: AgentNotice[];
  /** Where notices go when prompt() (not stream()) is running. */
  onNotice?: (notice: AgentNotice) => void;
  /** Resolved compaction settings (default: on, window from the catalog). */
  compaction?: CompactionSettings;
  /** The catalog's context window of a model (default: unknown, i.e. 128,000 with a notice). */
  contextWindowFor?: (model: string, provider: string) => Promise<number | undefined>;
  reasoningEffort?: ReasoningEffort;
  /** The permission check; without it every tool call runs (tests of the loop only). */
  permissions?: Permissions;
  /** Environment for tool processes (credentials already removed). */
  toolEnv?: Record<string, string>;
  /** Where bash runs commands (its owner, the front end, closes it). */
  sandbox?: CommandSandbox;
  /** Background shells (bash run_in_background): stopped, with a notice naming them, by close(). */
  shells?: BackgroundShells;
  /** Called at the end of close() (e.g. to end an SDK session's sandbox). */
  onClose?: () => Promise<void>;
  /** Extension hooks (src/extensions/), chained with an SDK caller's: lifecycle events, tool calls and results, compaction. */
  hooks?: AgentHooks;
  /** Models tried in turn when a request still fails with 429, 529 or 5xx after its retries. */
  fallbackModels?: readonly string[];
  /** The run's spending limit, checked before every model request (--max-budget-usd). */
  budget?: RequestBudget;
  /** Makes a budget when setBudget() is called on a session that has none. */
  makeBudget?: (limitUsd: number) => RequestBudget;
  /** Claude Code-format command hooks (src/extensions/hooks/). */
  commandHooks?: CommandHookPort;
  /** Snapshots of the working tree (src/checkpoints/); absent: none, `checkpointsOff` says why. */
  checkpoints?: CheckpointKeeper;
  checkpointsOff?: string;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** A model for this run only (a custom command's `model`); the session keeps its own. */
  model?: string;
}

export interface CompactOptions {
  /** What the summary should focus on (`/compact <instructions>`). */
  instructions?: string;
  signal?: AbortSignal;
  /** Receives compaction_start / compaction_end (and notices) while it runs. */
  onEvent?: (event: AgentEvent) => void;
}

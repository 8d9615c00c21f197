// What createSession() takes (the SDK's options) and the approval callback's request and answer.
import type { AgentNotice } from "./agent/agent-session.js";
import type { CompactionHooks } from "./agent/compaction/hooks.js";
import type { CompactionSettings } from "./compaction-settings.js";
import type { ExtensionFactory } from "./extensions/types.js";
import type { SessionMetadata } from "./messages/types.js";
import type { PermissionMode } from "./permissions/types.js";
import type { PromptCaching } from "./providers/cache-anthropic.js";
import type { ProviderName } from "./providers/types.js";
import type { SdkAgentDefinition } from "./sdk-agents.js";
import type { SessionStore } from "./sessions/store.js";
import type { ReasoningEffort } from "./settings/choices.js";
import type { Tool } from "./tools/types.js";

export interface CreateSessionOptions {
  /** Default: OPENAI_API_KEY / ANTHROPIC_API_KEY (by provider), then AGENIX_API_KEY. */
  apiKey?: string;
  /** Default: OPENAI_BASE_URL / OPENAI_API_BASE (openai), ANTHROPIC_BASE_URL (anthropic). */
  baseUrl?: string;
  /** Default: inferred from the model (`claude-*` -> anthropic, else openai). */
  provider?: ProviderName;
  /**
   * Default: settings `model` (files, then AGENIX_MODEL), else by the key that is set (gpt-4o, or
   * claude-sonnet-4-6 with only ANTHROPIC_API_KEY), else a local server's first model. A continued
   * session keeps its own model unless this is given.
   */
  model?: string;
  /** Replaces the default system prompt (stored in the session as `system_prompt`). */
  systemPrompt?: string;
  /** Appended to the system prompt. Default: settings `appendSystemPrompt`. */
  appendSystemPrompt?: string;
  /**
   * Read ~/.agenix/settings.json and the project's .agenix/settings(.local).json (default true).
   * Options given here win over the files. false: only these options and the environment.
   */
  settingsFiles?: boolean;
  /** Trust the project for this session: its widening settings apply (default: ~/.agenix/trusted.json). */
  trust?: boolean;
  /** Default "." (the process's current directory). */
  workingDir?: string;
  /** Model calls per prompt (default: settings `maxTurns`, else 10). */
  maxTurns?: number;
  /** Continue this saved session. */
  sessionId?: string;
  /** Where sessions are saved: a SessionManager (a subclass, e.g. a database, receives every save) or any SessionStore. */
  sessionManager?: SessionStore;
  /** false: keep the conversation in memory only. Default true: the file is created at once. */
  save?: boolean;
  metadata?: SessionMetadata;
  /** Tools offered to the model (default: read, write, edit, bash, grep, glob). */
  tools?: Tool[];
  /** Warnings such as a failed save during prompt(). Default: written to stderr. */
  onNotice?: (notice: AgentNotice) => void;
  /**
   * Extensions for this session: functions (`(api) => { ... }`, like an extension's default export)
   * or paths of extension modules. Default: none (the SDK loads no extension folders on its own).
   */
  extensions?: (ExtensionFactory | string)[];
  /**
   * Automatic compaction (see docs/compaction.md): `enabled` (default true), `contextWindow` (default:
   * the model catalog's, else 128,000), `reserveTokens` (16,384), `keepRecentTokens` (20,000).
   * AGENIX_CONTEXT_WINDOW and AGENIX_AUTO_COMPACT override these. `beforeCompact` and `onCompact`
   * run after the extensions' handlers (both are heard).
   */
  compaction?: Partial<CompactionSettings> & CompactionHooks;
  /** low | medium | high (also minimal, xhigh, none): OpenAI reasoning_effort or Anthropic extended thinking. Default: settings `reasoningEffort` (files, then AGENIX_REASONING_EFFORT). */
  reasoningEffort?: ReasoningEffort;
  /** false: no prompt-cache breakpoints; {ttl: "1h"}: the extended TTL (default: settings promptCaching, else on). */
  promptCaching?: PromptCaching;
  /** Stop before a model request would take this session's estimated spend over this many USD (BudgetExceededError). */
  maxBudgetUsd?: number;
  /** Models tried in turn when the model still fails with overload, rate limit or 5xx (up to 3). */
  fallbackModel?: string | string[];
  /** "default", "accept-edits", "plan" or "yolo". Default: settings permissions.defaultMode, else "default". */
  permissionMode?: PermissionMode;
  /** Rules that run without asking, e.g. ["bash(npm test *)", "edit(src/**)"] (added to the settings files' rules). */
  allow?: string[];
  /** Rules that are always refused, in every mode, e.g. ["bash(rm *)"]. */
  deny?: string[];
  /** Rules that always go to canUseTool (refused without it). */
  ask?: string[];
  /**
   * Called when a tool call needs approval (it is neither allowed nor denied by mode and rules).
   * Without it, such calls are refused, as in print mode: the model is told, the SDK never waits.
   */
  canUseTool?: (call: ToolApprovalRequest) => Promise<ToolApprovalAnswer> | ToolApprovalAnswer;
  /** Variables tool processes may see although their names look like credentials (KEY, TOKEN...). */
  envPassThrough?: string[];
  /**
   * Run bash commands in the OS sandbox: "workspace-write" or "read-only" (settings sandbox.* widen
   * or narrow it as in the CLI). Default "off" for the SDK. A sandbox that cannot start throws
   * (SandboxConfigError) before the session is created; it ends with session.close().
   */
  sandbox?: "workspace-write" | "read-only" | "off";
  /**
   * Snapshots of the working tree before each prompt and after each tool that can change files, for
   * session.undo(), redo() and restore(id) (docs/checkpoints.md). Default: settings `checkpoints`,
   * else on. false: none.
   */
  checkpoints?: false | { enabled?: boolean; maxFileBytes?: number; maxFiles?: number };
  /**
   * web_fetch limits (docs/tools.md): characters of Markdown returned (default 100,000), bytes
   * downloaded (default 10 MB), and the timeout in milliseconds (default 30,000). Default: settings `webFetch`.
   */
  webFetch?: { maxChars?: number; maxDownloadBytes?: number; timeoutMs?: number };
  /**
   * Subagents through the `task` tool (docs/tools.md): true offers the built-in general and explore
   * agents and the agents folders' definitions; a list adds these (winning by name). Default: no `task`.
   */
  agents?: boolean | SdkAgentDefinition[];
}

export interface ToolApprovalRequest {
  id: string;
  name: string;
  input: Record<string, unknown>;
  /** Why it needs approval. */
  reason: string;
  /** Rules that would allow it (what a user's "don't ask again" would save). */
  suggestions: string[];
  signal: AbortSignal;
}

export type ToolApprovalAnswer = "allow" | "deny" | { deny: string };

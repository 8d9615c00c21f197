// The public API of the agenix package: createSession() -> AgentSession, plus SessionManager (the
// session files), analysis, redaction, the error classes and what custom tools are made with.
import { type AgentNotice, AgentSession } from "./agent/agent-session.js";
import type { CompactionHooks } from "./agent/compaction/hooks.js";
import { openAgentSession } from "./agent/open-session.js";
import {
  type CompactionSettings,
  DEFAULT_MODEL,
  parseMaxTurns,
  parseReasoningEffort,
  type ReasoningEffort,
  resolveDir,
  SDK_DEFAULT_MAX_TURNS,
} from "./config.js";
import type { SessionMetadata } from "./messages/types.js";
import type { ProviderName } from "./providers/types.js";
import { SessionManager } from "./sessions/manager.js";
import type { Tool } from "./tools/types.js";

export interface CreateSessionOptions {
  /** Default: OPENAI_API_KEY / ANTHROPIC_API_KEY (by provider), then AGENIX_API_KEY. */
  apiKey?: string;
  /** Default: OPENAI_BASE_URL / OPENAI_API_BASE (openai), ANTHROPIC_BASE_URL (anthropic). */
  baseUrl?: string;
  /** Default: inferred from the model (`claude-*` -> anthropic, else openai). */
  provider?: ProviderName;
  /** Default "gpt-4o"; a continued session keeps its own model unless this is given. */
  model?: string;
  /** Replaces the default system prompt (stored in the session as `system_prompt`). */
  systemPrompt?: string;
  /** Default "." (the process's current directory). */
  workingDir?: string;
  /** Model calls per prompt (default 10). */
  maxTurns?: number;
  /** Continue this saved session. */
  sessionId?: string;
  /** Where sessions are saved (a subclass, e.g. a database, receives every save). */
  sessionManager?: SessionManager;
  /** false: keep the conversation in memory only. Default true: the file is created at once. */
  save?: boolean;
  metadata?: SessionMetadata;
  /** Tools offered to the model (default: read, write, edit, bash, grep, glob). */
  tools?: Tool[];
  /** Warnings such as a failed save during prompt(). Default: written to stderr. */
  onNotice?: (notice: AgentNotice) => void;
  /**
   * Automatic compaction (see docs/compaction.md): `enabled` (default true), `contextWindow` (default:
   * the model catalog's, else 128,000), `reserveTokens` (16,384), `keepRecentTokens` (20,000).
   * AGENIX_CONTEXT_WINDOW and AGENIX_AUTO_COMPACT override these.
   */
  compaction?: Partial<CompactionSettings> & CompactionHooks;
  /** low | medium | high: OpenAI reasoning_effort or Anthropic extended thinking (default AGENIX_REASONING_EFFORT). */
  reasoningEffort?: ReasoningEffort;
}

export async function createSession(options: CreateSessionOptions = {}): Promise<AgentSession> {
  const save = options.save ?? true;
  return openAgentSession({
    model: options.model,
    defaultModel: DEFAULT_MODEL,
    provider: options.provider,
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    env: process.env,
    workingDir: resolveDir(options.workingDir, process.cwd(), process.env),
    systemPrompt: options.systemPrompt,
    maxTurns: parseMaxTurns(options.maxTurns, SDK_DEFAULT_MAX_TURNS),
    sessionId: options.sessionId,
    manager: options.sessionManager ?? new SessionManager(),
    save,
    createNow: save,
    metadata: options.metadata,
    tools: options.tools,
    compaction: options.compaction,
    compactionHooks: options.compaction,
    reasoningEffort:
      parseReasoningEffort(options.reasoningEffort, "reasoningEffort") ??
      parseReasoningEffort(process.env.AGENIX_REASONING_EFFORT, "AGENIX_REASONING_EFFORT"),
    onNotice:
      options.onNotice ??
      ((notice) => {
        if (notice.level === "warning") process.stderr.write(`${notice.text}\n`);
      }),
  });
}

export type { AgentNotice, CompactOptions, RunOptions, SessionStore } from "./agent/agent-session.js";
export type { ContextUsage } from "./agent/compaction/compactor.js";
export type {
  BeforeCompactContext,
  BeforeCompactResult,
  CompactionHooks,
  CompactionTrigger,
} from "./agent/compaction/hooks.js";
export type { AgentEvent, StopReason } from "./agent/events.js";
export type { AgentLoopOptions, AgentLoopResult } from "./agent/loop.js";
export { runAgentLoop } from "./agent/loop.js";
export * from "./analysis/stats.js";
export type { CompactionSettings, ReasoningEffort } from "./config.js";
export * from "./errors.js";
export * from "./messages/schema.js";
export * from "./messages/types.js";
export type { Provider, ProviderEvent, ProviderName, ProviderOptions, ToolSpec } from "./providers/types.js";
export * from "./redact/redact.js";
export * from "./sessions/manager.js";
export { SessionSaveError } from "./sessions/save-error.js";
export { defineTool, ToolError } from "./tools/define.js";
export { builtinTools } from "./tools/registry.js";
export type { Tool, ToolContext, ToolDefinition, ToolOutput } from "./tools/types.js";
export { AgentSession };

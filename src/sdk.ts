// The public API of the agenix package: createSession() -> AgentSession, plus SessionManager (the
// session files), analysis, redaction, the error classes and what custom tools are made with.
import { homedir } from "node:os";
import { type AgentNotice, AgentSession } from "./agent/agent-session.js";
import type { CompactionHooks } from "./agent/compaction/hooks.js";
import type { CompactionSettings } from "./compaction-settings.js";
import { loadExtensions } from "./extensions/loader.js";
import { ExtensionRunner } from "./extensions/runner.js";
import type { ExtensionFactory } from "./extensions/types.js";
import type { SessionMetadata } from "./messages/types.js";
import type { PermissionConfig } from "./permissions/config.js";
import type { ApprovalAnswer, ApprovalRequest } from "./permissions/gate.js";
import type { PermissionMode } from "./permissions/types.js";
import type { PromptCaching } from "./providers/cache-anthropic.js";
import type { ProviderName } from "./providers/types.js";
import { buildAgentSession } from "./run/build-session.js";
import { resolveRunConfig } from "./run/config.js";
import type { SessionSandbox } from "./sandbox/session-sandbox.js";
import { type SdkAgentDefinition, sdkAgentDefinitions } from "./sdk-agents.js";
import { openSessionStore } from "./sessions/open-store.js";
import { defaultSessionRoot, resolveDir } from "./sessions/paths.js";
import type { SessionStore } from "./sessions/store.js";
import type { ReasoningEffort } from "./settings/choices.js";
import { untrustedNotice } from "./settings/gating.js";
import { type LoadedSettings, loadSettings } from "./settings/load.js";
import { builtinTools } from "./tools/registry.js";
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

export async function createSession(options: CreateSessionOptions = {}): Promise<AgentSession> {
  const save = options.save ?? true;
  const env = process.env;
  const workingDir = resolveDir(options.workingDir, process.cwd(), env);
  const onNotice =
    options.onNotice ??
    ((notice: AgentNotice) => {
      if (notice.level === "warning") process.stderr.write(`${notice.text}\n`);
    });
  const loaded = await loadSettings({
    cwd: workingDir,
    env,
    trust: options.trust,
    files: options.settingsFiles !== false,
  });
  const { beforeCompact, onCompact, ...compaction } = options.compaction ?? {};
  // Invalid values, rules or mode (options, environment or settings files) throw here, before anything is created.
  const config = resolveRunConfig({
    front: "sdk",
    options: {
      ...options,
      autoCompact: compaction.enabled,
      contextWindow: compaction.contextWindow,
      reserveTokens: compaction.reserveTokens,
      keepRecentTokens: compaction.keepRecentTokens,
      checkpoints: options.checkpoints === false ? false : options.checkpoints?.enabled,
      checkpointMaxFileBytes: options.checkpoints ? options.checkpoints.maxFileBytes : undefined,
      checkpointMaxFiles: options.checkpoints ? options.checkpoints.maxFiles : undefined,
      webFetchMaxChars: options.webFetch?.maxChars,
      webFetchMaxDownloadBytes: options.webFetch?.maxDownloadBytes,
      webFetchTimeoutMs: options.webFetch?.timeoutMs,
    },
    env,
    loaded,
    workingDir,
    toolNames: options.tools?.map((t) => t.name),
    sessionId: options.sessionId,
    save,
    createNow: save,
    metadata: options.metadata,
  });
  const warnings = loaded.warnings.map((w) => `Warning: ${w}`);
  if (!loaded.trusted && loaded.ignored.length > 0)
    warnings.push(untrustedNotice(loaded.projectRoot, loaded.ignored));
  warnings.push(...config.permissions.warnings);
  for (const text of warnings) onNotice({ type: "notice", level: "warning", text });
  const sandbox = await sdkSandbox(options.sandbox, loaded, workingDir, config.permissions);
  const runner = options.extensions?.length
    ? await sdkExtensions(options.extensions, workingDir, options.tools ?? builtinTools(), onNotice)
    : undefined;
  return buildAgentSession(config, {
    store: options.sessionManager ?? (await openSessionStore({ store: config.sessionStore })),
    customization: runner && { hooks: runner, tools: () => runner.tools },
    // The caller's own hooks run after the extensions' (both are heard).
    compactionHooks: beforeCompact || onCompact ? { beforeCompact, onCompact } : undefined,
    tools: options.tools,
    subagents: options.agents
      ? {
          definitions: await sdkAgentDefinitions(
            options.agents,
            loaded,
            options.settingsFiles !== false,
            env,
          ),
        }
      : undefined,
    approvals: { ask: options.canUseTool ? approvalBridge(options.canUseTool) : undefined },
    onNotice,
    sandbox,
    onClose: sandbox && (() => sandbox.close()),
  }).catch(async (error) => {
    await sandbox?.close();
    throw error;
  });
}

/** The SDK's sandbox: only when asked for (an error when it cannot start); auto mode unless one is chosen. */
async function sdkSandbox(
  mode: CreateSessionOptions["sandbox"],
  loaded: LoadedSettings,
  workingDir: string,
  permissions: PermissionConfig,
): Promise<SessionSandbox | undefined> {
  if (mode === undefined || mode === "off") return undefined;
  const { setUpSandbox } = await import("./sandbox/startup.js");
  const setup = await setUpSandbox(
    {
      flag: mode,
      env: process.env,
      settings: loaded.values.sandbox,
      workingDir,
      home: process.env.HOME || homedir(),
      sessionsDir: defaultSessionRoot(process.env),
    },
    permissions,
  );
  if (setup.sandbox && permissions.modeSource === "default") permissions.mode = "auto";
  return setup.sandbox;
}

async function sdkExtensions(
  list: (ExtensionFactory | string)[],
  workingDir: string,
  tools: Tool[],
  onNotice: (notice: AgentNotice) => void,
): Promise<ExtensionRunner> {
  const runner = new ExtensionRunner({ workingDir, reservedToolNames: tools.map((t) => t.name) });
  runner.setNoticeSink((level, text) => onNotice({ type: "notice", level, text }));
  for (const [index, entry] of list.entries()) {
    if (typeof entry === "string") {
      const sources = [{ path: resolveDir(entry, workingDir, process.env), scope: "flag" as const }];
      await loadExtensions(runner, sources);
    } else
      await runner.add(entry.name ? `${entry.name} (inline #${index + 1})` : `inline #${index + 1}`, entry);
  }
  return runner;
}

export type { AgentNotice, CompactOptions, RunOptions } from "./agent/agent-session.js";
export type { FileChange, RestoreOptions, RestoreOutcome } from "./agent/checkpoint-keeper.js";
export type { ContextUsage } from "./agent/compaction/compactor.js";
export type {
  BeforeCompactContext,
  BeforeCompactResult,
  CompactionHooks,
  CompactionTrigger,
} from "./agent/compaction/hooks.js";
export type { RecordStore } from "./agent/session-record.js";
export type { SdkAgentDefinition } from "./sdk-agents.js";

function approvalBridge(
  canUseTool: NonNullable<CreateSessionOptions["canUseTool"]>,
): (request: ApprovalRequest) => Promise<ApprovalAnswer> {
  return async ({ call, decision, signal }) => {
    const answer = await canUseTool({
      id: call.id,
      name: call.name,
      input: call.arguments ?? {},
      reason: decision.reason,
      suggestions: decision.suggestions,
      signal,
    });
    if (answer === "allow") return { behavior: "allow" };
    if (typeof answer === "object" && answer !== null && typeof answer.deny === "string")
      return { behavior: "deny", reason: answer.deny };
    return { behavior: "deny" };
  };
}

export type { ToolDenial, ToolVerdict } from "./agent/authorize.js";
export type { AgentEvent, StopReason } from "./agent/events.js";
export type {
  AgentHooks,
  LifecycleEvent,
  ToolCallVerdict,
  ToolResultPatch,
} from "./agent/hooks.js";
export type { AgentLoopOptions, AgentLoopResult } from "./agent/loop.js";
export { runAgentLoop } from "./agent/loop.js";
export * from "./analysis/stats.js";
export type { CompactionSettings } from "./compaction-settings.js";
export * from "./errors.js";
export type {
  ExtensionAPI,
  ExtensionCommand,
  ExtensionCommandContext,
  ExtensionEventName,
  ExtensionEventResults,
  ExtensionEvents,
  ExtensionFactory,
  ExtensionHandler,
  ExtensionTool,
  ExtensionToolContext,
  JsonSchema,
} from "./extensions/types.js";
export * from "./messages/schema.js";
export * from "./messages/types.js";
export type { ToolInput, ToolKind, ToolPermission } from "./permissions/tool-permission.js";
export type { PermissionMode, PermissionRule } from "./permissions/types.js";
export type { PromptCaching } from "./providers/cache-anthropic.js";
export type { Provider, ProviderEvent, ProviderName, ProviderOptions, ToolSpec } from "./providers/types.js";
export * from "./redact/redact.js";
export { FileSessionStore } from "./sessions/file-store.js";
export * from "./sessions/manager.js";
export { openSessionStore } from "./sessions/open-store.js";
export { SessionStoreError } from "./sessions/postgres/connection.js";
export {
  PostgresSessionManager,
  type PostgresSessionManagerOptions,
} from "./sessions/postgres/manager.js";
export { SessionSaveError } from "./sessions/save-error.js";
export type { SearchFilter, SearchRow, SessionStore } from "./sessions/store.js";
export type { ReasoningEffort } from "./settings/choices.js";
export type { LoadedSettings, SettingsData, SettingsLayer } from "./settings/index.js";
export { defineTool, ToolError } from "./tools/define.js";
export { builtinTools } from "./tools/registry.js";
export type { Tool, ToolContext, ToolDefinition, ToolOutput } from "./tools/types.js";
export { AgentSession };

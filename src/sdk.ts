// The public API of the agenix package: createSession() -> AgentSession (its options in sdk-options.ts,
// the live parts it builds in sdk-runtime.ts), plus SessionManager (the session files), analysis,
// redaction, the error classes and what custom tools are made with.
import { type AgentNotice, AgentSession } from "./agent/agent-session.js";
import { buildAgentSession } from "./run/build-session.js";
import { resolveRunConfig } from "./run/config.js";
import { sdkAgentDefinitions } from "./sdk-agents.js";
import type { CreateSessionOptions } from "./sdk-options.js";
import { approvalBridge, sdkExtensions, sdkSandbox } from "./sdk-runtime.js";
import { openSessionStore } from "./sessions/open-store.js";
import { resolveDir } from "./sessions/paths.js";
import { untrustedNotice } from "./settings/gating.js";
import { loadSettings } from "./settings/load.js";
import { builtinTools } from "./tools/registry.js";

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

export type { AgentNotice, CompactOptions, RunOptions } from "./agent/agent-session.js";
export type { ToolDenial, ToolVerdict } from "./agent/authorize.js";
export type { FileChange, RestoreOptions, RestoreOutcome } from "./agent/checkpoint-keeper.js";
export type { ContextUsage } from "./agent/compaction/compactor.js";
export type {
  BeforeCompactContext,
  BeforeCompactResult,
  CompactionHooks,
  CompactionTrigger,
} from "./agent/compaction/hooks.js";
export type { AgentEvent, StopReason } from "./agent/events.js";
export type {
  AgentHooks,
  LifecycleEvent,
  ToolCallVerdict,
  ToolResultPatch,
} from "./agent/hooks.js";
export type { AgentLoopOptions, AgentLoopResult } from "./agent/loop.js";
export { runAgentLoop } from "./agent/loop.js";
export type { RecordStore } from "./agent/session-record.js";
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
export type { SdkAgentDefinition } from "./sdk-agents.js";
export type { CreateSessionOptions, ToolApprovalAnswer, ToolApprovalRequest } from "./sdk-options.js";
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

// buildAgentSession(config, runtime): the one way a run becomes an AgentSession, for the SDK's
// createSession(), print mode, interactive mode and `agenix sessions compact`. It checks the working
// directory and the store, takes the session's lock and then loads it (or the latest), resolves the
// model and the key before anything is saved, and chooses the system prompt.
import { stat } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { type AgentDefinition, builtinAgents, mergeAgents } from "../agent/agent-definition.js";
import { type AgentNotice, AgentSession } from "../agent/agent-session.js";
import type { CompactionHooks } from "../agent/compaction/hooks.js";
import { type AgentHooks, chainHooks } from "../agent/hooks.js";
import type { RequestBudget } from "../agent/request-guard.js";
import { lockIfStored } from "../agent/session-record.js";
import { RunBudget } from "../analysis/budget.js";
import { openCheckpoints } from "../checkpoints/open.js";
import { resolveConnection } from "../connection.js";
import { AgenixError, ConfigError } from "../errors.js";
import { commandHooksFrom } from "../extensions/hooks/index.js";
import { TODO_TOOL } from "../messages/todos.js";
import type { SessionData } from "../messages/types.js";
import { filterToolEnv } from "../permissions/env.js";
import { type ApprovalAnswer, type ApprovalRequest, Permissions } from "../permissions/gate.js";
import type { PermissionRule } from "../permissions/types.js";
import { defaultSystemPrompt } from "../prompts/system-prompt.js";
import type { LocalServer } from "../providers/local-probe.js";
import { defaultSessionRoot } from "../sessions/paths.js";
import type { SessionStore } from "../sessions/store.js";
import type { Env } from "../settings/choices.js";
import { BackgroundShells } from "../tools/background-shells.js";
import type { CommandSandbox } from "../tools/shell-handle.js";
import type { Tool } from "../tools/types.js";
import { chooseModel, providerFactory } from "./choose-model.js";
import type { RunConfig } from "./config.js";
import { searchIndexUpdater } from "./search-index.js";
import { wireSubagents } from "./subagents.js";
import { todoEnabled } from "./tool-switches.js";

/** What a front end brings besides the configuration: live objects, not settings. */
export interface RunRuntime {
  store: SessionStore;
  /** Context files, skills, extensions and MCP servers (run/customization.ts), when loaded. */
  customization?: {
    /** Appended to the system prompt: context files and the skills listing. */
    promptAddition?: string;
    /** Extension hooks (lifecycle events, tool calls and results, compaction): the runner, once. */
    hooks?: AgentHooks;
    /** Extension and MCP tools, asked before each run (MCP servers may come up later). */
    tools?: () => Tool[];
  };
  /** The caller's own compaction hooks (SDK `compaction.beforeCompact` / `onCompact`), after the extensions'. */
  compactionHooks?: CompactionHooks;
  /** Tools offered to the model (default: the built-in ones). */
  tools?: Tool[];
  /** How to ask about a tool call ("ask" is refused without it) and where a remembered rule goes. */
  approvals?: {
    ask?: (request: ApprovalRequest) => Promise<ApprovalAnswer>;
    remember?: (rule: PermissionRule) => void | Promise<void>;
  };
  onNotice?: (notice: AgentNotice) => void;
  /** Looks for a local OpenAI-compatible server when no key is set (default: probeLocalServers). */
  probeLocal?: (env: Env) => Promise<LocalServer | undefined>;
  /** Where bash runs commands (src/sandbox/); the front end closes it (e.g. through onClose). Absent: unsandboxed. */
  sandbox?: CommandSandbox;
  /** Called when the session closes, after its own closing (the SDK ends its sandbox there). */
  onClose?: () => Promise<void>;
  /** Offer the task tool: the loaded agent definitions (the built-in general and explore come first). */
  subagents?: { definitions: readonly AgentDefinition[] };
  /** A budget to share (a subagent's requests count against its parent's); default: from the config. */
  budget?: RequestBudget;
  /** A subagent's session: no task tool and no checkpoints of its own. */
  child?: boolean;
}

/** The model catalog's context window (loaded on first use). */
async function catalogWindow(model: string, provider: string): Promise<number | undefined> {
  const { catalogContextWindow } = await import("../analysis/model-catalog.js");
  return catalogContextWindow(model, provider);
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

async function assertWorkingDir(dir: string): Promise<void> {
  let isDir: boolean;
  try {
    isDir = (await stat(dir)).isDirectory();
  } catch {
    throw new ConfigError(`Working directory does not exist: ${dir}`);
  }
  if (!isDir) {
    throw new ConfigError(
      `Working directory is not a directory: ${dir} (it is a file; pass its folder, e.g. --working-dir ${JSON.stringify(path.dirname(dir))})`,
    );
  }
}

/** The session to continue: its id, if any. */
async function requested(config: RunConfig, store: SessionStore): Promise<string | undefined> {
  if (config.sessionId !== undefined) return config.sessionId;
  if (!config.continueLatest) return undefined;
  const latest = await store.latestSession(config.workingDir);
  if (!latest) {
    throw new AgenixError(
      `No saved session to continue in ${config.workingDir}. Start one with: agenix "<message>" (or pick one with agenix sessions list).`,
    );
  }
  return latest.id;
}

/**
 * Lock first, then load: a holder that saves and exits between a load and a lock would otherwise
 * be overwritten from the stale copy. Returns the session and the lock's release (if any).
 */
async function lockAndLoad(
  config: RunConfig,
  store: SessionStore,
): Promise<{ data?: SessionData; release?: () => Promise<void> }> {
  const id = await requested(config, store);
  if (id === undefined) return {};
  const { workingDir } = config;
  const release = config.save ? await lockIfStored(store, id, workingDir) : undefined;
  try {
    const data = await store.loadSession(id, { workingDir, frozen: true });
    return { data, release };
  } catch (error) {
    await release?.();
    throw error;
  }
}

export async function buildAgentSession(config: RunConfig, runtime: RunRuntime): Promise<AgentSession> {
  await assertWorkingDir(config.workingDir);
  if (config.save) await runtime.store.assertWritable();
  const { data, release } = await lockAndLoad(config, runtime.store);
  try {
    return await openLoaded(config, runtime, data, release);
  } catch (error) {
    await release?.();
    throw error;
  }
}

/** The session's working directory when it still exists (with a notice), else the run's. */
async function sessionWorkingDir(
  config: RunConfig,
  data: SessionData | undefined,
  notices: AgentNotice[],
): Promise<string> {
  if (!data) return config.workingDir;
  if (await isDirectory(data.working_dir)) {
    if (data.working_dir !== config.workingDir) {
      notices.push({
        type: "notice",
        level: "info",
        text: `Working directory: ${data.working_dir} (from the session)`,
      });
    }
    return data.working_dir;
  }
  notices.push({
    type: "notice",
    level: "warning",
    text: `Warning: the session's working directory ${data.working_dir} no longer exists; using ${config.workingDir}.`,
  });
  return config.workingDir;
}

async function openLoaded(
  config: RunConfig,
  runtime: RunRuntime,
  data: SessionData | undefined,
  releaseLock: (() => Promise<void>) | undefined,
): Promise<AgentSession> {
  const notices: AgentNotice[] = [];
  const env = config.env;
  const store = config.save ? runtime.store : null;
  const { model, connectionInput } = await chooseModel(
    {
      explicit: config.modelFromFlag ? config.model : undefined,
      session: data?.model,
      configured: config.model,
      provider: config.provider,
      apiKey: config.apiKey,
      baseUrl: config.baseUrl,
      env,
      probeLocal: runtime.probeLocal,
    },
    notices,
  );
  // Fails (no key) before anything is saved; the lock taken above is released by the caller.
  const connection = resolveConnection({ model, ...connectionInput }, env);
  const workingDir = await sessionWorkingDir(config, data, notices);
  const baseTools = offeredTools(
    runtime.tools ??
      (await import("../tools/registry.js")).builtinTools({
        webFetch: {
          maxChars: config.webFetchMaxChars,
          maxDownloadBytes: config.webFetchMaxDownloadBytes,
          timeoutMs: config.webFetchTimeoutMs,
        },
      }),
    config.todo,
    model,
  );
  const custom = config.systemPrompt ?? (data?.system_prompt as string | undefined);
  // The agents are listed in the default system prompt; a custom prompt stays as written (the task
  // tool's description lists them then).
  const subagents =
    runtime.subagents && !runtime.child
      ? wireSubagents(
          mergeAgents(builtinAgents(config.exploreModel), runtime.subagents.definitions),
          { config, runtime, parentTools: baseTools, listInPrompt: custom === undefined },
          () => session,
          buildAgentSession,
        )
      : undefined;
  const tools = subagents ? [...baseTools, subagents.tool] : baseTools;
  // Never the key agenix uses, whatever variable holds it, nor anything named like a credential.
  const toolEnv = filterToolEnv(env, {
    passThrough: config.envPassThrough,
    secretValues: [connection.apiKey, config.apiKey ?? ""],
  });
  const base = custom ?? defaultSystemPrompt({ workingDir, toolNames: tools.map((t) => t.name) });
  // Context files and skills follow the base prompt; the user's --append-system-prompt comes last.
  const systemPrompt = [
    base,
    runtime.customization?.promptAddition,
    subagents?.promptSection,
    config.appendSystemPrompt,
  ]
    .filter(Boolean)
    .join("\n\n");

  const checkpoints = openCheckpoints(workingDir, env.HOME || homedir(), env as NodeJS.ProcessEnv, {
    enabled: config.checkpoints && !runtime.child,
    maxFileBytes: config.checkpointMaxFileBytes,
    maxFiles: config.checkpointMaxFiles,
  });
  if (checkpoints.notice && !runtime.child)
    notices.push({ type: "notice", level: "info", text: checkpoints.notice });

  const ask = runtime.approvals?.ask;
  // The run's spend against --max-budget-usd; its warnings (a model without a price) go to the session.
  const makeBudget = (limit: number) => new RunBudget(limit, (text) => session.addNotice("warning", text));
  const session: AgentSession = new AgentSession({
    checkpoints: checkpoints.keeper,
    checkpointsOff: checkpoints.notice,
    store,
    afterSave: store ? searchIndexUpdater(store.localRoot) : undefined,
    data,
    releaseLock,
    model,
    workingDir,
    systemPrompt,
    customSystemPrompt: custom,
    maxTurns: config.maxTurns,
    tools,
    extraTools: runtime.customization?.tools,
    hooks: chainHooks(runtime.customization?.hooks, runtime.compactionHooks),
    // Claude Code-format command hooks from the settings files (trusted layers only).
    commandHooks: commandHooksFrom(config.loaded, (text) =>
      notices.push({ type: "notice", level: "warning", text }),
    ),
    providerFor: providerFactory(connectionInput, env, connection.provider, {
      timeoutMs: config.requestTimeoutMs,
      promptCaching: config.promptCaching,
    }),
    fallbackModels: config.fallbackModel,
    budget:
      runtime.budget ?? (config.maxBudgetUsd === undefined ? undefined : makeBudget(config.maxBudgetUsd)),
    makeBudget,
    providerName: connection.provider,
    metadata: config.metadata,
    notices,
    onNotice: runtime.onNotice,
    compaction: config.compaction,
    contextWindowFor: catalogWindow,
    reasoningEffort: config.reasoningEffort,
    permissions: new Permissions({
      mode: config.permissions.mode,
      rules: config.permissions.rules,
      // Notification hooks hear that a question is waiting.
      ask:
        ask &&
        ((request) => {
          session.approvalWaiting(request.label);
          return ask(request);
        }),
      remember: runtime.approvals?.remember,
      notify: (text) => runtime.onNotice?.({ type: "notice", level: "warning", text }),
      tools,
      preloadShell: tools.some((tool) => tool.permission?.kind === "command"),
      sandboxed: runtime.sandbox !== undefined,
      sandboxReadOnly: runtime.sandbox?.mode === "read-only",
      workingDir,
      home: env.HOME || homedir(),
      sessionsDir: sessionsRoot(runtime.store, env),
      env: toolEnv,
    }),
    toolEnv,
    sandbox: runtime.sandbox,
    shells: new BackgroundShells(),
    onClose: runtime.onClose,
  });
  if (config.createNow) await session.ensureSaved();
  await session.started();
  return session;
}

/** The tools without todo_write when settings `tools.todo` leaves it out for this model. */
function offeredTools(tools: Tool[], todo: boolean | string[], model: string): Tool[] {
  return todoEnabled(todo, model) ? tools : tools.filter((tool) => tool.name !== TODO_TOOL);
}

/** The sessions folder (reading it is reading every conversation: a built-in "ask"). */
function sessionsRoot(store: SessionStore, env: Env): string {
  return store.localRoot ?? defaultSessionRoot(env as NodeJS.ProcessEnv);
}

// buildAgentSession(config, runtime): the one way a run becomes an AgentSession, for the SDK's
// createSession(), print mode, interactive mode and `agenix sessions compact`. It checks the working
// directory and the store, takes the session's lock and then loads it (or the latest; load-session.ts),
// resolves the model and the key before anything is saved, and chooses the system prompt.
import { homedir } from "node:os";
import { builtinAgents, mergeAgents } from "../agent/agent-definition.js";
import { type AgentNotice, AgentSession } from "../agent/agent-session.js";
import { chainHooks } from "../agent/hooks.js";
import { RunBudget } from "../analysis/budget.js";
import { openCheckpoints } from "../checkpoints/open.js";
import { resolveConnection } from "../connection.js";
import { commandHooksFrom } from "../extensions/hooks/index.js";
import { TODO_TOOL } from "../messages/todos.js";
import type { SessionData } from "../messages/types.js";
import { filterToolEnv } from "../permissions/env.js";
import { Permissions } from "../permissions/gate.js";
import { defaultSystemPrompt } from "../prompts/system-prompt.js";
import { defaultSessionRoot } from "../sessions/paths.js";
import type { SessionStore } from "../sessions/store.js";
import type { Env } from "../settings/choices.js";
import { BackgroundShells } from "../tools/background-shells.js";
import type { Tool } from "../tools/types.js";
import { chooseModel, providerFactory } from "./choose-model.js";
import type { RunConfig } from "./config.js";
import { assertWorkingDir, lockAndLoad, sessionWorkingDir } from "./load-session.js";
import type { RunRuntime } from "./runtime.js";
import { searchIndexUpdater } from "./search-index.js";
import { wireSubagents } from "./subagents.js";
import { todoEnabled } from "./tool-switches.js";

/** The model catalog's context window (loaded on first use). */
async function catalogWindow(model: string, provider: string): Promise<number | undefined> {
  const { catalogContextWindow } = await import("../analysis/model-catalog.js");
  return catalogContextWindow(model, provider);
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

// The task tool of a session, wired to the assembly line: each child is built by buildAgentSession
// from the parent's RunConfig and RunRuntime, narrowed by its definition. A child gets the parent's
// tools that its definition lists (never `task`), the parent's current mode or a narrower one, the
// parent's rules, ask, sandbox and budget; a fresh session in the same store whose
// `metadata.parent` names the parent and the task call; no checkpoints of its own (the parent's
// snapshot after the task call covers what the child changed).

import {
  type AgentDefinition,
  agentsPromptSection,
  childMode,
  childToolNames,
} from "../agent/agent-definition.js";
import type { AgentSession } from "../agent/agent-session.js";
import { Subagents } from "../agent/subagents.js";
import type { PermissionRule } from "../permissions/types.js";
import { taskTool } from "../tools/task.js";
import type { Tool } from "../tools/types.js";
import { baseUrlGiven, type RunConfig } from "./config.js";
import { splitModelPrefix } from "./model-prefix.js";
import type { RunRuntime } from "./runtime.js";

export interface SubagentWiring {
  definitions: readonly AgentDefinition[];
  /** The task tool, offered after the session's other tools. */
  tool: Tool;
  /** For the parent's system prompt: the agents' names and descriptions. */
  promptSection: string;
}

type Build = (config: RunConfig, runtime: RunRuntime) => Promise<AgentSession>;

export function wireSubagents(
  definitions: readonly AgentDefinition[],
  from: {
    config: RunConfig;
    runtime: RunRuntime;
    parentTools: readonly Tool[];
    /** false: a custom system prompt stays as written, and the tool's description lists the agents. */
    listInPrompt: boolean;
  },
  parent: () => AgentSession,
  build: Build,
): SubagentWiring {
  const { config, runtime, parentTools } = from;
  const listing = agentsPromptSection(definitions);
  const subagents = new Subagents({
    definitions,
    maxParallel: config.subagentsMaxParallel,
    emit: (event) => parent().relay(event),
    open: (definition, callId, description) =>
      openChild(definition, callId, description, { config, runtime, parentTools, parent: parent(), build }),
  });
  return {
    definitions,
    tool: taskTool(subagents, from.listInPrompt ? undefined : listing),
    promptSection: from.listInPrompt ? listing : "",
  };
}

async function openChild(
  definition: AgentDefinition,
  callId: string,
  description: string,
  from: {
    config: RunConfig;
    runtime: RunRuntime;
    parentTools: readonly Tool[];
    parent: AgentSession;
    build: Build;
  },
): Promise<AgentSession> {
  const { config, runtime, parent } = from;
  const extra = runtime.customization?.tools;
  const offered = [...from.parentTools, ...(extra?.() ?? [])].map((t) => t.name);
  const allowed = new Set(childToolNames(definition, offered));
  const keep = (tools: readonly Tool[]) => tools.filter((t) => allowed.has(t.name));
  const parentMode = parent.permissions?.mode ?? config.permissions.mode;
  const model = childModel(definition, config, parent);
  const childConfig: RunConfig = {
    ...config,
    ...model,
    modelFromFlag: true,
    sessionId: undefined,
    continueLatest: false,
    createNow: true,
    systemPrompt: childPrompt(definition, parent.workingDir),
    appendSystemPrompt: undefined,
    workingDir: parent.workingDir,
    checkpoints: false,
    maxBudgetUsd: undefined,
    metadata: {
      name: description,
      parent: { session_id: parent.id ?? null, tool_call_id: callId },
      agent: definition.name,
    },
    permissions: {
      ...config.permissions,
      mode: childMode(parentMode, definition.permissionMode),
      rules: (parent.permissions?.listRules() ?? config.permissions.rules).slice(),
    },
  };
  return from.build(childConfig, {
    ...runtime,
    tools: keep(from.parentTools),
    customization: runtime.customization && {
      ...runtime.customization,
      tools: extra && (() => keep(extra())),
    },
    approvals: childApprovals(definition, runtime.approvals, parent),
    budget: parent.requestBudget,
    subagents: undefined,
    child: true,
    // The parent's front end closes the sandbox; a child's close must not.
    onClose: undefined,
  });
}

/** The parent's questions, saying which subagent asks; none for a `dontAsk` definition. */
function childApprovals(
  definition: AgentDefinition,
  approvals: RunRuntime["approvals"],
  parent: AgentSession,
): RunRuntime["approvals"] {
  // "Don't ask again" in a child holds for the parent (and later children) too.
  const remember = async (rule: PermissionRule) => {
    parent.permissions?.addRule(rule);
    await approvals?.remember?.(rule);
  };
  const ask = approvals?.ask;
  if (definition.noAsk || !ask) return { remember };
  return {
    remember,
    ask: (request) =>
      ask({
        ...request,
        decision: {
          ...request.decision,
          reason: `${request.decision.reason}; asked by the ${definition.name} subagent`,
        },
      }),
  };
}

/** The definition's model (its provider prefix honoured), else the parent's current one. */
function childModel(
  definition: AgentDefinition,
  config: RunConfig,
  parent: AgentSession,
): Pick<RunConfig, "model" | "provider"> {
  if (definition.model === undefined) return { model: parent.model, provider: config.provider };
  const split = splitModelPrefix(
    definition.model,
    baseUrlGiven(config.baseUrl, config.env),
    `the ${definition.name} agent's model`,
  );
  return { model: split.model, provider: split.provider ?? config.provider };
}

function childPrompt(definition: AgentDefinition, workingDir: string): string {
  const date = new Date().toISOString().slice(0, 10);
  return [definition.prompt, `Working directory: ${workingDir}`, `Today's date: ${date}`]
    .filter((part) => part !== "")
    .join("\n\n");
}

// What a subagent is: a name, a description the parent's model chooses by, a system prompt, the tools
// it may use (a subset of the parent's, never more), a model and a permission mode that can only
// narrow the parent's. Definitions come from Markdown files (settings/agent-definitions.ts) or are
// built in (general, explore). Pure: no files.
import type { PermissionMode } from "../permissions/types.js";
import type { AgentDefinition } from "../settings/agent-definitions.js";

export type { AgentDefinition };

/** Modes from the narrowest; a child's mode is never later in this list than its parent's. */
const MODE_ORDER: readonly PermissionMode[] = ["plan", "default", "accept-edits", "auto", "yolo"];

/** The child's mode: the definition's when it is narrower than the parent's, else the parent's. */
export function childMode(parent: PermissionMode, wanted: PermissionMode | undefined): PermissionMode {
  if (wanted === undefined) return parent;
  return MODE_ORDER.indexOf(wanted) < MODE_ORDER.indexOf(parent) ? wanted : parent;
}

/** Names of the parent's tools the child may use: the definition's list within the parent's, minus `task`. */
export function childToolNames(definition: AgentDefinition, parentTools: readonly string[]): string[] {
  const listed = definition.tools && new Set(definition.tools);
  const refused = new Set(definition.disallowedTools ?? []);
  // Children never delegate further: one level of subagents keeps cost and depth predictable.
  return parentTools.filter(
    (name) => name !== TASK_TOOL && (!listed || listed.has(name)) && !refused.has(name),
  );
}

/** Tool names a definition lists that the parent does not have (shown by /agents). */
export function unavailableTools(definition: AgentDefinition, parentTools: readonly string[]): string[] {
  const have = new Set(parentTools);
  return (definition.tools ?? []).filter((name) => !have.has(name) && name !== TASK_TOOL);
}

export const TASK_TOOL = "task";

export const GENERAL_AGENT: AgentDefinition = {
  name: "general",
  description:
    "General-purpose agent for a self-contained task (research, a multi-step change, a search across many files) with the same tools as you.",
  prompt: [
    "You are a subagent of agenix, a coding agent: another agent gave you one task.",
    "Do it with the tools you have, then answer with what the other agent needs: the findings or the",
    "changes made (files and what changed), concisely. Your final message is all it sees of your work.",
  ].join("\n"),
  scope: "builtin",
};

export const EXPLORE_AGENT: AgentDefinition = {
  name: "explore",
  description:
    "Read-only agent for finding things in the code base: which files define or use something, how a feature works. It cannot change files.",
  prompt: [
    "You are a read-only exploring subagent of agenix, a coding agent: another agent asked you a question about the code.",
    "Search (grep, glob), read files and run read-only commands; you cannot change anything.",
    "Answer with what was asked: file paths (with line numbers where useful) and short explanations.",
    "Your final message is all the other agent sees of your work, so make it complete and concise.",
  ].join("\n"),
  tools: ["read", "grep", "glob", "bash"],
  permissionMode: "plan",
  scope: "builtin",
};

/** The built-in definitions; `exploreModel` (settings subagents.exploreModel) is explore's model. */
export function builtinAgents(exploreModel?: string): AgentDefinition[] {
  return [GENERAL_AGENT, exploreModel ? { ...EXPLORE_AGENT, model: exploreModel } : EXPLORE_AGENT];
}

/** Built-in definitions overridden by the loaded ones of the same name, in name order. */
export function mergeAgents(
  builtin: readonly AgentDefinition[],
  loaded: readonly AgentDefinition[],
): AgentDefinition[] {
  const byName = new Map<string, AgentDefinition>();
  for (const definition of [...builtin, ...loaded]) byName.set(definition.name, definition);
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The parent's system prompt section: which agents the task tool can start. */
export function agentsPromptSection(definitions: readonly AgentDefinition[]): string {
  if (definitions.length === 0) return "";
  return [
    "Subagents: the task tool gives a self-contained task to a subagent with a fresh context; it returns the subagent's final answer.",
    "Several task calls in one message run in parallel. Give each a complete prompt (it does not see this conversation). Agents (the task tool's `agent`):",
    ...definitions.map((d) => `- ${d.name}: ${d.description}`),
  ].join("\n");
}

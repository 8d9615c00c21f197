// `/agents`: the subagents the task tool can start, with what each may use.
import { type AgentDefinition, childToolNames, unavailableTools } from "../agent/agent-definition.js";
import { sanitizeForTerminal } from "./sanitize.js";

export function formatAgents(
  definitions: readonly AgentDefinition[],
  parentTools: readonly string[],
  problems: readonly string[] = [],
): string {
  const lines = ["Agents for the task tool (the model picks one by its description):"];
  for (const d of definitions) {
    const tools = childToolNames(d, parentTools);
    const missing = unavailableTools(d, parentTools);
    const where = d.path ? `${d.path} (${d.scope})` : "built in";
    lines.push(`  ${d.name}  ${d.description.split("\n")[0]}`);
    lines.push(
      `      tools: ${tools.length > 0 ? tools.join(", ") : "none"}${missing.length > 0 ? ` (not available here: ${missing.join(", ")})` : ""}`,
    );
    const mode = d.noAsk
      ? "your mode, nothing asks"
      : d.permissionMode
        ? `${d.permissionMode} or narrower`
        : "your mode";
    lines.push(`      model: ${d.model ?? "yours"} · mode: ${mode} · ${where}`);
  }
  lines.push(
    "Add your own as Markdown with frontmatter (name, description, tools, model, permissionMode) in ~/.agenix/agents/, .agenix/agents/ or .claude/agents/.",
  );
  for (const text of problems) lines.push(`  ! ${text}`);
  return sanitizeForTerminal(lines.join("\n"));
}

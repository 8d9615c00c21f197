// Subagent definitions: Markdown files with YAML frontmatter (name, description, tools, model,
// permissionMode; the body is the system prompt) in ~/.agenix/agents/ (user), and in the project's
// .claude/agents/ (Claude Code's format, read as is) and .agenix/agents/. Later folders override
// earlier ones by name. A definition never widens what its parent may do (agent/agent-definition.ts);
// an untrusted project's definition that asks for a wider mode than `default` loads without it.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { ourToolName } from "../extensions/hooks/tool-names.js";
import { parsePermissionMode } from "../permissions/modes.js";
import type { PermissionMode } from "../permissions/types.js";
import { readConfined } from "./confined-read.js";
import { loadYaml, parseFrontmatter } from "./frontmatter.js";
import { WIDER_MODES } from "./gating.js";

/** A subagent's definition (what agent/agent-definition.ts narrows the parent's tools and mode by). */
export interface AgentDefinition {
  name: string;
  description: string;
  /** The system prompt (a file's body). */
  prompt: string;
  /** Tool names (ours; Claude Code's `Read` arrives as `read`); undefined: every tool of the parent's. */
  tools?: readonly string[];
  /** Tools left out even when `tools` would include them (Claude Code's `disallowedTools`). */
  disallowedTools?: readonly string[];
  /** A model id; undefined: the parent's model (Claude Code's `inherit`, `sonnet`, `opus`, `haiku`). */
  model?: string;
  /** Narrower than the parent's mode or the same; a wider one is lowered to the parent's. */
  permissionMode?: PermissionMode;
  /** Claude Code's `dontAsk`: what would ask is refused instead. */
  noAsk?: boolean;
  /** The file it came from (undefined: built in). */
  path?: string;
  scope: "builtin" | "user" | "project";
}

export interface AgentDefinitionsResult {
  agents: AgentDefinition[];
  /** Problems with single files (no description, a bad mode): shown once at start. */
  warnings: string[];
  /** Definitions overridden by a more specific one of the same name. */
  notices: string[];
}

export interface AgentDiscoveryOptions {
  home: string;
  projectRoot: string;
  /** Whether the project's widening settings apply (its definitions' wider modes too). */
  trusted: boolean;
}

/** Claude Code's model aliases: agenix cannot know which model ids they stand for, so they inherit. */
const INHERITED_MODELS = new Set(["inherit", "sonnet", "opus", "haiku"]);
const NAME = /^[a-z0-9][a-z0-9_-]*$/i;

/** Definition folders, least specific first. */
export function agentDirs(options: AgentDiscoveryOptions): { dir: string; scope: "user" | "project" }[] {
  return [
    { dir: path.join(options.home, ".agenix", "agents"), scope: "user" },
    { dir: path.join(options.projectRoot, ".claude", "agents"), scope: "project" },
    { dir: path.join(options.projectRoot, ".agenix", "agents"), scope: "project" },
  ];
}

export async function discoverAgents(options: AgentDiscoveryOptions): Promise<AgentDefinitionsResult> {
  const warnings: string[] = [];
  const notices: string[] = [];
  const byName = new Map<string, AgentDefinition>();
  for (const { dir, scope } of agentDirs(options)) {
    let files: string[];
    try {
      files = (await readdir(dir)).filter((n) => n.endsWith(".md")).sort();
    } catch {
      continue;
    }
    for (const file of files) {
      const full = path.join(dir, file);
      const read = await readConfined(full, scope === "project" ? options.projectRoot : undefined);
      if (read === undefined) continue;
      if ("skipped" in read) {
        warnings.push(`Agent ${read.skipped}.`);
        continue;
      }
      await loadYaml();
      const parsed = parseAgentFile(full, read.text, scope, scope === "user" || options.trusted);
      warnings.push(...parsed.warnings);
      if (!parsed.agent) continue;
      const previous = byName.get(parsed.agent.name);
      if (previous)
        notices.push(`Agent "${parsed.agent.name}": ${full} is used; it overrides ${previous.path}.`);
      byName.set(parsed.agent.name, parsed.agent);
    }
  }
  const agents = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  return { agents, warnings, notices };
}

/** One definition file -> a definition (or none, with the reason among the warnings). */
export function parseAgentFile(
  file: string,
  text: string,
  scope: "user" | "project",
  trusted: boolean,
): { agent?: AgentDefinition; warnings: string[] } {
  const warnings: string[] = [];
  const { data, body, error } = parseFrontmatter(text);
  if (error) return { warnings: [`Agent ${file}: ${error}; skipped.`] };
  const stem = path.basename(file, ".md");
  const name = typeof data.name === "string" && data.name.trim() !== "" ? data.name.trim() : stem;
  if (!NAME.test(name)) {
    return { warnings: [`Agent ${file}: name "${name}" should be letters, digits, - and _; skipped.`] };
  }
  const description = typeof data.description === "string" ? data.description.trim() : "";
  if (description === "") {
    return {
      warnings: [
        `Agent ${file}: no "description" in the frontmatter; skipped (the model could not tell when to use it).`,
      ],
    };
  }
  const agent: AgentDefinition = { name, description, prompt: body.trim(), path: file, scope };
  if (agent.prompt === "") warnings.push(`Agent ${file}: the body (its system prompt) is empty.`);
  const tools = toolList(data.tools);
  if (tools) agent.tools = tools;
  const disallowed = toolList(data.disallowedTools);
  if (disallowed) agent.disallowedTools = disallowed;
  if (typeof data.model === "string" && !INHERITED_MODELS.has(data.model.trim().toLowerCase()))
    agent.model = data.model.trim();
  const mode = data.permissionMode;
  if (typeof mode === "string" && mode.trim() !== "") {
    if (mode.trim() === "dontAsk") {
      agent.noAsk = true;
    } else {
      try {
        const parsed = parsePermissionMode(mode, "permissionMode");
        if (!trusted && WIDER_MODES.has(parsed)) {
          warnings.push(
            `Agent ${file}: permissionMode ${mode} is ignored: the project is not trusted (run with --trust to trust it).`,
          );
        } else agent.permissionMode = parsed;
      } catch (problem) {
        warnings.push(`Agent ${file}: ${(problem as Error).message}; the parent's mode is used.`);
      }
    }
  }
  for (const key of ["hooks", "mcpServers", "skills"]) {
    if (data[key] !== undefined)
      warnings.push(`Agent ${file}: "${key}" is not supported in agent definitions; ignored.`);
  }
  return { agent, warnings };
}

/** `Read, Grep, Glob` or a YAML list -> our tool names (`Bash(git *)` counts as bash). */
function toolList(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const items = Array.isArray(raw) ? raw.map(String) : String(raw).split(",");
  return [
    ...new Set(
      items
        .map((item) => item.trim().replace(/\(.*\)$/, ""))
        .filter((item) => item !== "")
        .map(ourToolName),
    ),
  ];
}

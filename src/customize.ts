// What makes agenix the user's own, gathered for one run: context files (AGENTS.md), skills, custom
// commands, extensions and MCP servers. Everything arrives as plain parameters (paths, server configs,
// the trust decision); the CLI reads them from the settings and flags.
import type { AgentHooks } from "./agent/hooks.js";
import { findExtensions, loadExtensions } from "./extensions/loader.js";
import type { McpServerConfig, StdioWrapper } from "./extensions/mcp/connection.js";
import { McpManager } from "./extensions/mcp/manager.js";
import { ExtensionRunner } from "./extensions/runner.js";
import { type AgentDefinitionsResult, discoverAgents } from "./settings/agent-definitions.js";
import { type ContextFilesResult, loadContextFiles } from "./settings/context-files.js";
import { type CustomCommandsResult, discoverCustomCommands } from "./settings/custom-commands.js";
import { discoverSkills, type SkillsResult, skillsBudget, skillsPromptSection } from "./settings/skills.js";
import type { Tool } from "./tools/types.js";

export interface CustomizeInputs {
  cwd: string;
  home: string;
  /** The git root of cwd, else cwd. */
  projectRoot: string;
  /** false: --no-context-files (or settings `contextFiles: false`). */
  contextFiles: boolean;
  /** File names to look for (settings `contextFiles` as a list); default AGENTS.md, then CLAUDE.md. */
  contextFileNames?: readonly string[];
  /** settings `skills.paths`. */
  skillPaths?: readonly string[];
  /** settings `extensions` (already filtered by trust). */
  extensionPaths?: readonly string[];
  /** `--extension` paths. */
  flagExtensions?: readonly string[];
  /** Load <project>/.agenix/extensions/ (only when the project is trusted); also lets the project's agent definitions widen their mode. */
  projectExtensions: boolean;
  /** settings `mcpServers` (already filtered by trust). */
  mcpServers?: Record<string, unknown>;
  /** MCP servers the editor passed (ACP session/new): added to the configured ones (the editor's win a
   * name both have), taken as given (no `$VAR` expansion) and never sandboxed, like the user's own. */
  editorMcpServers?: Record<string, McpServerConfig>;
  /** Which stdio servers run in the command sandbox (settings sandbox.mcp), and how. */
  mcpSandboxFor?: (name: string) => StdioWrapper | undefined;
  /** Names of the built-in tools, which extension tools may not take. */
  reservedToolNames: readonly string[];
  /** Tokens of the model's context window (skills listing budget); default 128,000. */
  contextWindow?: number;
}

export interface Customization {
  context: ContextFilesResult;
  skills: SkillsResult;
  commands: CustomCommandsResult;
  /** Subagent definitions from the agents folders (the built-in ones are added by the assembly line). */
  agents: AgentDefinitionsResult;
  extensions: ExtensionRunner;
  mcp: McpManager;
  /** Context files and the skills listing, for the end of the system prompt ("" when none). */
  promptAddition: string;
  /** Tokens the skills listing may take (about 2% of the context window). */
  skillsBudget: number;
  /** Warnings and notices from loading (shown once at start). */
  startupNotices: { level: "info" | "warning"; text: string }[];
  hooks: AgentHooks;
  /** Extension tools and the tools of every MCP server that is up (asked again before each run). */
  tools(): Tool[];
  close(): Promise<void>;
}

export async function loadCustomization(inputs: CustomizeInputs): Promise<Customization> {
  const where = { home: inputs.home, cwd: inputs.cwd, projectRoot: inputs.projectRoot };
  // Started by the caller once the session is open (no server is spawned for a run that fails on a
  // missing key); all at once, and the first prompt waits for them at most 3 s.
  const editor = inputs.editorMcpServers ?? {};
  const sandboxFor = inputs.mcpSandboxFor;
  const mcp = new McpManager(
    { ...inputs.mcpServers, ...editor },
    {
      cwd: inputs.cwd,
      sandboxFor: sandboxFor && ((name) => (name in editor ? undefined : sandboxFor(name))),
      literal: new Set(Object.keys(editor)),
    },
  );
  const runner = new ExtensionRunner({ workingDir: inputs.cwd, reservedToolNames: inputs.reservedToolNames });
  const [context, skills, commands, agents, found] = await Promise.all([
    inputs.contextFiles
      ? loadContextFiles({ ...where, names: inputs.contextFileNames })
      : Promise.resolve<ContextFilesResult>({ files: [], cut: [], text: "" }),
    discoverSkills({ ...where, extraPaths: inputs.skillPaths }),
    discoverCustomCommands(where),
    discoverAgents({ home: inputs.home, projectRoot: inputs.projectRoot, trusted: inputs.projectExtensions }),
    findExtensions({
      ...where,
      includeProject: inputs.projectExtensions,
      settingsPaths: inputs.extensionPaths,
      flagPaths: inputs.flagExtensions,
    }),
  ]);
  for (const file of found.missing) runner.reportLoadFailure(file, "no such file or folder");
  await loadExtensions(runner, found.sources);

  const startupNotices: Customization["startupNotices"] = [];
  if (context.notice) startupNotices.push({ level: "warning", text: `Warning: ${context.notice}` });
  for (const text of context.skipped ?? [])
    startupNotices.push({ level: "warning", text: `Warning: context file ${text}.` });
  for (const text of [...skills.warnings, ...commands.warnings, ...agents.warnings])
    startupNotices.push({ level: "warning", text: `Warning: ${text}` });
  for (const text of [...skills.notices, ...commands.notices, ...agents.notices])
    startupNotices.push({ level: "info", text });
  for (const { name, error } of mcp.invalid) {
    startupNotices.push({
      level: "warning",
      text: `Warning: MCP server "${name}" is not started: ${error}.`,
    });
  }

  const sections: string[] = [];
  if (context.text) {
    sections.push(
      `Project instructions from context files (most specific last; follow them, the later ones win where they differ):\n\n${context.text}`,
    );
  }
  const budget = skillsBudget(inputs.contextWindow);
  const listing = skillsPromptSection(skills.skills, budget);
  if (listing) sections.push(listing);

  return {
    context,
    skills,
    commands,
    agents,
    extensions: runner,
    mcp,
    promptAddition: sections.join("\n\n"),
    skillsBudget: budget,
    startupNotices,
    hooks: runner,
    tools: () => [...runner.tools, ...mcp.tools()],
    close: () => mcp.closeAll(),
  };
}

// Slash commands for the user's own setup: /context, /skills, /mcp, /extensions, and `/<name> [args]`
// for custom commands, skills and extension commands. Plugged into commands.ts as `extra`.
import type { Customization } from "../../customize.js";
import { resolveSlashInput } from "../../run/slash-input.js";
import { formatMcpStatus, type UntrustedServers } from "../mcp/format.js";
import { sanitizeForTerminal } from "../sanitize.js";
import type { CommandResult, ExtraCommands } from "./commands.js";
import type { ChatSession } from "./types.js";

const BUILTIN = [
  { name: "/context", args: "", help: "context files (AGENTS.md) in the system prompt and their token cost" },
  { name: "/skills", args: "", help: "skills found, and how to run one (/<skill-name> [args])" },
  { name: "/mcp", args: "", help: "MCP servers: status, tools, errors" },
  { name: "/extensions", args: "", help: "loaded extensions, their tools, commands and events" },
  { name: "/hooks", args: "", help: "hooks from the settings files: event, matcher, command, source" },
  { name: "/agents", args: "", help: "subagents the task tool can start: tools, model, mode, file" },
];

async function tokenCounter(): Promise<(text: string) => number> {
  const { countTokens } = await import("gpt-tokenizer");
  return (text) => countTokens(text, { disallowedSpecial: new Set() } as never);
}

export async function contextReport(
  custom: Customization,
  session: ChatSession,
  enabled: boolean,
): Promise<string> {
  const count = await tokenCounter();
  const { files, cut } = custom.context;
  const lines: string[] = [];
  if (!enabled) lines.push("Context files are off (--no-context-files or settings `contextFiles: false`).");
  else if (files.length === 0)
    lines.push(
      "No context files found (AGENTS.md or CLAUDE.md in ~/.agenix/ and from the project root down to here).",
    );
  else {
    lines.push("Context files in the system prompt (least specific first):");
    for (const f of files) {
      lines.push(
        `  ${f.path}  ${count(f.content)} tokens${f.truncated ? ` (cut to its first part: over the cap)` : ""}`,
      );
    }
  }
  for (const f of cut) lines.push(`  ${f.path}  left out: over the 32 KiB cap`);
  const systemPrompt = session.systemPrompt;
  if (typeof systemPrompt === "string") lines.push(`System prompt in total: ${count(systemPrompt)} tokens.`);
  return sanitizeForTerminal(lines.join("\n"));
}

export function skillsReport(custom: Customization): string {
  const { skills, warnings, notices } = custom.skills;
  const lines: string[] = [];
  if (skills.length === 0) {
    lines.push(
      "No skills found. Skills live in ~/.agents/skills/, ~/.agenix/skills/, .agents/skills/ or .agenix/skills/ as <name>/SKILL.md.",
    );
  } else {
    lines.push("Skills (run one with /<name> [args]; the model reads them on its own when a task matches):");
    for (const s of skills)
      lines.push(`  /${s.name}  ${s.description.split("\n")[0]}\n      ${s.path} (${s.scope})`);
  }
  const commands = custom.commands.commands;
  if (commands.length > 0) {
    lines.push("Custom commands:");
    for (const c of commands)
      lines.push(
        `  /${c.name}  ${c.description ?? ""}${c.model ? ` [model ${c.model}]` : ""}\n      ${c.path}`,
      );
  }
  for (const text of [...warnings, ...notices, ...custom.commands.warnings]) lines.push(`  ! ${text}`);
  return sanitizeForTerminal(lines.join("\n"));
}

export function extensionsReport(custom: Customization): string {
  const runner = custom.extensions;
  const lines: string[] = [];
  for (const e of runner.loaded) {
    lines.push(`${e.path}`);
    if (e.tools.length) lines.push(`  tools: ${e.tools.join(", ")}`);
    if (e.commands.length) lines.push(`  commands: ${e.commands.map((c) => `/${c}`).join(", ")}`);
    if (e.events.length) lines.push(`  events: ${e.events.join(", ")}`);
  }
  for (const f of runner.failed) lines.push(`${f.path}\n  failed to load: ${f.error}`);
  if (lines.length === 0)
    lines.push(
      "No extensions loaded (~/.agenix/extensions/, .agenix/extensions/, settings `extensions`, --extension).",
    );
  return sanitizeForTerminal(lines.join("\n"));
}

export function customCommands(
  custom: Customization,
  options: {
    contextFilesEnabled: boolean;
    untrustedServers?: UntrustedServers;
    mcpWaitMs?: number;
    /** The /hooks listing. */
    hooksReport?: () => string;
    /** The /agents listing. */
    agentsReport?: () => string;
  },
): ExtraCommands {
  return {
    list: () => [
      ...BUILTIN,
      ...custom.commands.commands.map((c) => ({
        name: `/${c.name}`,
        args: "[args]",
        help: c.description ?? "custom command",
      })),
      ...custom.skills.skills.map((s) => ({
        name: `/${s.name}`,
        args: "[args]",
        help: `skill: ${s.description.split("\n")[0]}`,
      })),
      ...[...custom.extensions.commands.values()].map((c) => ({
        name: `/${c.name}`,
        args: "[args]",
        help: c.command.description ?? "extension command",
      })),
    ],
    async run(name, rest, session): Promise<CommandResult | undefined> {
      switch (name) {
        case "/context":
          return { output: await contextReport(custom, session, options.contextFilesEnabled) };
        case "/skills":
          return { output: skillsReport(custom) };
        case "/mcp":
          // Servers still starting get a moment, so the status shown is a settled one.
          await custom.mcp.waitReady(options.mcpWaitMs);
          return { output: formatMcpStatus(custom.mcp, options.untrustedServers) };
        case "/extensions":
          return { output: extensionsReport(custom) };
        case "/hooks":
          return { output: options.hooksReport?.() ?? "Hooks are not available." };
        case "/agents":
          return { output: options.agentsReport?.() ?? "Subagents are not available." };
      }
      const resolved = await resolveSlashInput(`${name} ${rest}`, custom);
      if (!resolved) return undefined;
      if (resolved.type === "output") {
        if (resolved.error) return { output: resolved.error, tone: "error" };
        return { output: resolved.text ? sanitizeForTerminal(resolved.text) : `${name} done.` };
      }
      return { action: { type: "prompt", text: resolved.text, model: resolved.model } };
    },
  };
}

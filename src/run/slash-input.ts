// `/name args` for the user's own commands, in print and interactive mode alike: a custom command
// (its template with the arguments), a skill (its body plus the arguments as the user message), or
// an extension's command (run at once, no model call).
import { readFile } from "node:fs/promises";
import type { Customization } from "../customize.js";
import { expandCommand } from "../settings/custom-commands.js";
import { loadYaml, parseFrontmatter } from "../settings/frontmatter.js";

export type SlashInput =
  /** Send this text as the user message (with this model for the run, when the command names one). */
  | { type: "prompt"; text: string; model?: string; source: string }
  /** An extension command ran: show its output. */
  | { type: "output"; text?: string; error?: string };

/** undefined when the input is not one of the user's commands (built-in commands are handled elsewhere). */
export async function resolveSlashInput(
  input: string,
  custom: Customization,
): Promise<SlashInput | undefined> {
  const match = /^\/([^\s/]+)(?:\s+([\s\S]*))?$/.exec(input.trim());
  if (!match) return undefined;
  const name = match[1]!.toLowerCase();
  const args = (match[2] ?? "").trim();
  const command = custom.commands.commands.find((c) => c.name === name);
  if (command) {
    return {
      type: "prompt",
      text: expandCommand(command.template, args),
      model: command.model,
      source: command.path,
    };
  }
  const skill = custom.skills.skills.find((s) => s.name === name);
  if (skill) {
    let body: string;
    try {
      await loadYaml();
      body = parseFrontmatter(await readFile(skill.path, "utf8")).body.trim();
    } catch (error) {
      return { type: "output", error: `Could not read skill ${skill.path}: ${(error as Error).message}` };
    }
    const text = `${body}\n\n(Skill "${skill.name}" from ${skill.path}.)${args ? `\n\n${args}` : ""}`;
    return { type: "prompt", text, source: skill.path };
  }
  const ran = await custom.extensions.runCommand(name, args);
  if (ran) return { type: "output", text: ran.output, error: ran.error };
  return undefined;
}

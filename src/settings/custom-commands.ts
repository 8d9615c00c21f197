// Custom commands: .agenix/commands/<name>.md (project) and ~/.agenix/commands/<name>.md (user)
// become `/name`. The body is a prompt template with $ARGUMENTS and $1..$9; frontmatter may give a
// `description` and a `model` for that one run.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { readConfined } from "./confined-read.js";
import { loadYaml, parseFrontmatter } from "./frontmatter.js";
import { projectChain } from "./project-dirs.js";

export interface CustomCommand {
  name: string;
  description?: string;
  model?: string;
  template: string;
  path: string;
  scope: "user" | "project";
}

export interface CustomCommandsResult {
  commands: CustomCommand[];
  warnings: string[];
  notices: string[];
}

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export async function discoverCustomCommands(options: {
  home: string;
  cwd: string;
  projectRoot: string;
}): Promise<CustomCommandsResult> {
  const dirs: { dir: string; scope: CustomCommand["scope"] }[] = [
    { dir: path.join(options.home, ".agenix", "commands"), scope: "user" },
    ...projectChain(options.projectRoot, options.cwd).map((d) => ({
      dir: path.join(d, ".agenix", "commands"),
      scope: "project" as const,
    })),
  ];
  const byName = new Map<string, CustomCommand>();
  const warnings: string[] = [];
  const notices: string[] = [];
  const seen = new Set<string>();
  for (const { dir, scope } of dirs) {
    if (seen.has(dir)) continue;
    seen.add(dir);
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => n.endsWith(".md")).sort();
    } catch {
      continue;
    }
    for (const file of names) {
      const name = file.slice(0, -3).toLowerCase();
      const full = path.join(dir, file);
      if (!NAME.test(name)) {
        warnings.push(
          `Command ${full}: "${name}" is not a usable command name (letters, digits, - _ .); skipped.`,
        );
        continue;
      }
      const read = await readConfined(full, scope === "project" ? options.projectRoot : undefined);
      if (read === undefined) continue;
      if ("skipped" in read) {
        warnings.push(`Command ${read.skipped}.`);
        continue;
      }
      const text = read.text;
      await loadYaml();
      const { data, body, error } = parseFrontmatter(text);
      if (error) warnings.push(`Command ${full}: ${error}.`);
      const previous = byName.get(name);
      if (previous) notices.push(`Command /${name}: ${full} is used; it overrides ${previous.path}.`);
      byName.set(name, {
        name,
        description: typeof data.description === "string" ? data.description : undefined,
        model: typeof data.model === "string" && data.model.trim() !== "" ? data.model.trim() : undefined,
        template: body.trim(),
        path: full,
        scope,
      });
    }
  }
  const commands = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  return { commands, warnings, notices };
}

/** Splits arguments like a shell would for $1..$9: whitespace-separated, "double" or 'single' quoted. */
export function splitArguments(text: string): string[] {
  const args: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(re)) {
    args.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : (m[2] ?? m[3] ?? ""));
  }
  return args;
}

/**
 * The command's prompt with $ARGUMENTS (everything after the name) and $1..$9 (single arguments;
 * missing ones become ""). A template without placeholders gets the arguments appended.
 */
export function expandCommand(template: string, rawArgs: string): string {
  const args = rawArgs.trim();
  const positional = splitArguments(args);
  let used = false;
  const text = template.replace(/\$ARGUMENTS\b|\$([1-9])(?![0-9])/g, (match, digit: string | undefined) => {
    used = true;
    if (match === "$ARGUMENTS") return args;
    return positional[Number(digit) - 1] ?? "";
  });
  return !used && args !== "" ? `${text}\n\n${args}` : text;
}

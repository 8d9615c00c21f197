// `agenix hooks import --from claude-code`: copies the `hooks` blocks of Claude Code's settings
// (~/.claude/settings.json -> user, <project>/.claude/settings.json -> project,
// <project>/.claude/settings.local.json -> local) into agenix's, leaving every other key of both alone.
// Hooks already there (same event, matcher and hook) are not added twice, so importing again is safe.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { SettingsError, UsageError } from "../../errors.js";
import { resolveDir } from "../../sessions/paths.js";
import { findProjectRoot, homeDir, type SettingsScope } from "../../settings/paths.js";
import { hooksSchema } from "../../settings/schema.js";
import { isTrusted } from "../../settings/trust.js";
import { updateSettingsFile } from "../../settings/update.js";
import { validateSettings } from "../../settings/validate.js";
import { writeOut } from "../output.js";
import { type HooksBlock, mergeHooks } from "./merge-hooks.js";

interface Source {
  scope: SettingsScope;
  file: string;
}

function claudeSources(home: string, projectRoot: string): Source[] {
  const sources: Source[] = [{ scope: "user", file: path.join(home, ".claude", "settings.json") }];
  // In the home folder itself the project's .claude/settings.json is the user file: read it once.
  if (path.resolve(projectRoot) !== path.resolve(home)) {
    sources.push({ scope: "project", file: path.join(projectRoot, ".claude", "settings.json") });
  }
  sources.push({ scope: "local", file: path.join(projectRoot, ".claude", "settings.local.json") });
  return sources;
}

/** The file's `hooks` block; undefined when the file does not exist or has none. */
async function readHooks(file: string): Promise<HooksBlock | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new SettingsError(file, `cannot be read: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SettingsError(file, `is not valid JSON (${(error as Error).message}); fix it and import again`);
  }
  const hooks = (data as { hooks?: unknown } | null)?.hooks;
  if (hooks === undefined) return undefined;
  const parsed = hooksSchema.safeParse(hooks);
  if (!parsed.success) {
    throw new SettingsError(
      file,
      `its "hooks" block is not in Claude Code's format: ${parsed.error.issues[0]?.message}`,
    );
  }
  return parsed.data as HooksBlock;
}

function count(block: HooksBlock): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [event, groups] of Object.entries(block)) {
    out[event] = groups.reduce((n, g) => n + g.hooks.length, 0);
  }
  return out;
}

function describe(counts: Record<string, number>): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([event, n]) => `${event} ${n}`);
  return `${total} hook${total === 1 ? "" : "s"} (${parts.join(", ")})`;
}

export async function hooksImportCommand(options: { from?: string; workingDir?: string }): Promise<number> {
  if (options.from !== "claude-code") {
    throw new UsageError(
      `Unknown source for hooks import: ${options.from}. Use: agenix hooks import --from claude-code`,
    );
  }
  const cwd = resolveDir(options.workingDir, process.cwd(), process.env);
  const home = homeDir({ home: process.env.HOME });
  const projectRoot = findProjectRoot(cwd);
  const sources = claudeSources(home, projectRoot);
  // Read (and check) every source before writing anything: a bad file leaves all settings unchanged.
  const found: (Source & { hooks: HooksBlock })[] = [];
  for (const source of sources) {
    const hooks = await readHooks(source.file);
    if (hooks && Object.keys(hooks).length > 0) found.push({ ...source, hooks });
  }
  // What would be written must pass the settings checks (a token in a command is refused) for every
  // file before the first is written.
  for (const source of found) validateSettings({ hooks: source.hooks }, source.file);
  if (found.length === 0) {
    writeOut(`No Claude Code hooks found (looked in ${sources.map((s) => s.file).join(", ")}).\n`);
    return 0;
  }
  let projectCopied = false;
  for (const source of found) {
    let added: HooksBlock = {};
    const written = await updateSettingsFile(source.scope, { cwd, home }, (data) => {
      const merged = mergeHooks(data.hooks as HooksBlock | undefined, source.hooks);
      added = merged.added;
      data.hooks = merged.hooks;
    });
    const counts = count(added);
    if (Object.values(counts).every((n) => n === 0)) {
      writeOut(`${source.file}: nothing new (its hooks are already in ${written.path}).\n`);
      continue;
    }
    writeOut(`Copied ${describe(counts)} from ${source.file} to ${written.path}.\n`);
    if (source.scope !== "user") projectCopied = true;
  }
  if (projectCopied && !(await isTrusted(projectRoot, { home }))) {
    writeOut(`Project hooks run once you trust ${projectRoot}: run agenix with --trust there.\n`);
  }
  return 0;
}

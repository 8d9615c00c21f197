// Skills in the Agent Skills format: <dir>/<name>/SKILL.md with YAML frontmatter (name, description).
// Only name, description and path go into the system prompt (progressive disclosure); the model
// reads the body with the read tool when a task matches.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { readConfined } from "./confined-read.js";
import { loadYaml, parseFrontmatter } from "./frontmatter.js";
import { projectChain } from "./project-dirs.js";

export interface Skill {
  name: string;
  description: string;
  /** Absolute path of SKILL.md. */
  path: string;
  scope: "user" | "settings" | "project";
}

export interface SkillsResult {
  skills: Skill[];
  /** Problems with single skills (invalid names, missing descriptions): shown once at start. */
  warnings: string[];
  /** Skills shadowed by a more specific one of the same name. */
  notices: string[];
}

export interface SkillDiscoveryOptions {
  home: string;
  cwd: string;
  projectRoot: string;
  /** settings `skills.paths` (absolute, or relative to the project root). */
  extraPaths?: readonly string[];
}

const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const DEFAULT_CONTEXT_WINDOW = 128_000;

/** Skill folders, least specific first: user, settings paths, then project root down to cwd. */
export function skillDirs(options: SkillDiscoveryOptions): { dir: string; scope: Skill["scope"] }[] {
  const dirs: { dir: string; scope: Skill["scope"] }[] = [
    { dir: path.join(options.home, ".agents", "skills"), scope: "user" },
    { dir: path.join(options.home, ".agenix", "skills"), scope: "user" },
  ];
  for (const p of options.extraPaths ?? []) {
    dirs.push({ dir: path.resolve(options.projectRoot, expandHome(p, options.home)), scope: "settings" });
  }
  for (const dir of projectChain(options.projectRoot, options.cwd)) {
    dirs.push({ dir: path.join(dir, ".agents", "skills"), scope: "project" });
    dirs.push({ dir: path.join(dir, ".agenix", "skills"), scope: "project" });
  }
  const seen = new Set<string>();
  return dirs.filter((d) => !seen.has(d.dir) && seen.add(d.dir));
}

function expandHome(p: string, home: string): string {
  return p === "~" || p.startsWith("~/") ? path.join(home, p.slice(2)) : p;
}

/** Checks one SKILL.md; returns the skill (or undefined when it must be skipped) and its warnings. */
export function validateSkill(
  folder: string,
  file: string,
  text: string,
): { skill?: Omit<Skill, "scope">; warnings: string[] } {
  const warnings: string[] = [];
  const { data, error } = parseFrontmatter(text);
  if (error) warnings.push(`Skill ${file}: ${error}.`);
  const rawName = data.name;
  let name = folder;
  if (typeof rawName !== "string" || rawName === "") {
    warnings.push(`Skill ${file}: no "name" in the frontmatter; using the folder name "${folder}".`);
  } else {
    name = rawName;
    if (rawName.length > 64 || !NAME.test(rawName)) {
      warnings.push(
        `Skill ${file}: name "${rawName}" should be 1-64 lowercase letters, digits and single hyphens.`,
      );
    }
    if (rawName !== folder)
      warnings.push(`Skill ${file}: name "${rawName}" does not match its folder "${folder}".`);
  }
  const description = typeof data.description === "string" ? data.description.trim() : "";
  if (description === "") {
    warnings.push(
      `Skill ${file}: no "description" in the frontmatter; skipped (the model could not tell when to use it).`,
    );
    return { warnings };
  }
  if (description.length > 1024) {
    warnings.push(
      `Skill ${file}: description is ${description.length} characters (at most 1024); it is shortened.`,
    );
  }
  return { skill: { name, description: description.slice(0, 1024), path: file }, warnings };
}

async function skillsIn(dir: string): Promise<{ folder: string; file: string }[]> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isDirectory() || e.isSymbolicLink())
    .map((e) => ({ folder: e.name, file: path.join(dir, e.name, "SKILL.md") }))
    .sort((a, b) => a.folder.localeCompare(b.folder));
}

export async function discoverSkills(options: SkillDiscoveryOptions): Promise<SkillsResult> {
  const warnings: string[] = [];
  const notices: string[] = [];
  const byName = new Map<string, Skill>();
  for (const { dir, scope } of skillDirs(options)) {
    for (const { folder, file } of await skillsIn(dir)) {
      const read = await readConfined(file, scope === "project" ? options.projectRoot : undefined);
      if (read === undefined) continue; // a folder without SKILL.md is not a skill
      if ("skipped" in read) {
        warnings.push(`Skill ${read.skipped}.`);
        continue;
      }
      const text = read.text;
      await loadYaml();
      const checked = validateSkill(folder, file, text);
      warnings.push(...checked.warnings);
      if (!checked.skill) continue;
      const previous = byName.get(checked.skill.name);
      if (previous) {
        notices.push(`Skill "${checked.skill.name}": ${file} is used; it overrides ${previous.path}.`);
        byName.delete(checked.skill.name);
      }
      byName.set(checked.skill.name, { ...checked.skill, scope });
    }
  }
  const skills = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  return { skills, warnings, notices };
}

/** Tokens allowed for the skills listing: about 2% of the context window. */
export function skillsBudget(contextWindow = DEFAULT_CONTEXT_WINDOW): number {
  return Math.floor(contextWindow * 0.02);
}

const HEADER =
  "Skills (instructions for particular tasks). When a task matches a skill's description, read its SKILL.md with the read tool and follow it:";

/**
 * Tokens of a text, estimated on the safe side (3 characters a token; English prose averages about 4,
 * paths about 3). Loading a real tokenizer costs seconds of start-up, too much for every run.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3);
}

/**
 * The system prompt's skills section within `budgetTokens`: full descriptions if they fit, else
 * shortened ones, else as many skills as fit and a line saying how many were left out.
 */
export function skillsPromptSection(skills: readonly Skill[], budgetTokens: number): string {
  if (skills.length === 0) return "";
  const render = (limit: number) => (s: Skill) =>
    `- ${s.name}: ${s.description.length > limit ? `${s.description.slice(0, limit - 1)}…` : s.description} (${s.path})`;
  for (const limit of [1024, 200, 80]) {
    const text = [HEADER, ...skills.map(render(limit))].join("\n");
    if (estimateTokens(text) <= budgetTokens) return text;
  }
  const lines = [HEADER];
  let used = estimateTokens(HEADER);
  let listed = 0;
  for (const skill of skills) {
    const line = render(80)(skill);
    const cost = estimateTokens(line) + 1;
    if (used + cost + 20 > budgetTokens) break;
    lines.push(line);
    used += cost;
    listed++;
  }
  lines.push(
    `(${skills.length - listed} more skills not listed: the listing is limited to ${budgetTokens} tokens.)`,
  );
  return lines.join("\n");
}

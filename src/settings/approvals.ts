// Remembered approvals ("Yes, and don't ask again"): ~/.agenix/approvals.json, in the user's own
// folder (0700, file 0600) and keyed by the project's canonical root, so a repository cannot ship
// or forge them. They apply in every later run of that project, print mode included, without a
// trust question; a project's own settings.local.json stays trust-gated like any project file.
// {"version": 1, "projects": {"/abs/root": {"allow": ["bash(npm test *)"]}}}
import path from "node:path";
import { agenixDir } from "./paths.js";
import { readSettingsJson } from "./read-file.js";
import { canonicalProject } from "./trust.js";
import { ensureDir, withFileLock, writeJsonAtomic } from "./write-atomic.js";

export function approvalsFilePath(location: { home?: string } = {}): string {
  return path.join(agenixDir(location), "approvals.json");
}

type Approvals = Record<string, { allow: string[] }>;

function projectsOf(raw: Record<string, unknown> | undefined): Approvals {
  const projects = raw?.projects;
  if (typeof projects !== "object" || projects === null || Array.isArray(projects)) return {};
  const out: Approvals = {};
  for (const [root, entry] of Object.entries(projects as Record<string, unknown>)) {
    const allow = (entry as { allow?: unknown } | null)?.allow;
    if (Array.isArray(allow)) out[root] = { allow: allow.filter((r): r is string => typeof r === "string") };
  }
  return out;
}

/** The allow rules the user approved for this project (empty when none). Throws SettingsError for a broken file. */
export async function readApprovals(
  projectRoot: string,
  location: { home?: string } = {},
): Promise<string[]> {
  const projects = projectsOf(await readSettingsJson(approvalsFilePath(location)));
  return projects[canonicalProject(projectRoot)]?.allow ?? [];
}

/** Adds an allow rule to this project's approvals (locked, atomic; ~/.agenix 0700, the file 0600). */
export async function recordApproval(
  projectRoot: string,
  rule: string,
  location: { home?: string } = {},
): Promise<void> {
  const file = approvalsFilePath(location);
  await ensureDir(path.dirname(file), 0o700);
  await withFileLock(file, async () => {
    const projects = projectsOf(await readSettingsJson(file));
    const key = canonicalProject(projectRoot);
    const allow = projects[key]?.allow ?? [];
    if (!allow.includes(rule)) allow.push(rule);
    projects[key] = { allow };
    await writeJsonAtomic(file, { version: 1, projects }, 0o600);
  });
}

// Trusted projects: ~/.agenix/trusted.json, {"version": 1, "projects": {"/abs/root": "<trusted at>"}}.
// Until a project is trusted, its settings cannot widen permissions or run code (see gating.ts).
import { realpathSync } from "node:fs";
import path from "node:path";
import { isoNow } from "../messages/types.js";
import { agenixDir } from "./paths.js";
import { readSettingsJson } from "./read-file.js";
import { withFileLock, writeJsonAtomic } from "./write-atomic.js";

export function trustFilePath(location: { home?: string } = {}): string {
  return path.join(agenixDir(location), "trusted.json");
}

function canonical(projectRoot: string): string {
  try {
    return realpathSync(projectRoot);
  } catch {
    return path.resolve(projectRoot);
  }
}

async function readProjects(file: string): Promise<Record<string, string>> {
  const raw = await readSettingsJson(file);
  const projects = raw?.projects;
  if (typeof projects !== "object" || projects === null || Array.isArray(projects)) return {};
  return projects as Record<string, string>;
}

/** True when the user trusted this project root. An unreadable trust file trusts nothing. */
export async function isTrusted(projectRoot: string, location: { home?: string } = {}): Promise<boolean> {
  try {
    const projects = await readProjects(trustFilePath(location));
    return Object.hasOwn(projects, canonical(projectRoot));
  } catch {
    return false;
  }
}

/** Remembers the project root as trusted (atomic; keeps the other entries). */
export async function trustProject(projectRoot: string, location: { home?: string } = {}): Promise<void> {
  const file = trustFilePath(location);
  await withFileLock(file, async () => {
    const projects = await readProjects(file);
    projects[canonical(projectRoot)] = isoNow();
    await writeJsonAtomic(file, { version: 1, projects }, 0o600);
  });
}

/** Forgets a trusted project (for `agenix config` users and tests). */
export async function untrustProject(projectRoot: string, location: { home?: string } = {}): Promise<void> {
  const file = trustFilePath(location);
  await withFileLock(file, async () => {
    const projects = await readProjects(file);
    delete projects[canonical(projectRoot)];
    await writeJsonAtomic(file, { version: 1, projects }, 0o600);
  });
}

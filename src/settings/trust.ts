// Trusted projects: ~/.agenix/trusted.json,
// {"version": 1, "projects": {"/abs/root": "<trusted at>"}, "declined": {"/other": "<asked at>"}}.
// Until a project is trusted, its settings cannot widen permissions or run code (see gating.ts).
import { realpathSync } from "node:fs";
import path from "node:path";
import { isoNow } from "../messages/types.js";
import { agenixDir } from "./paths.js";
import { readSettingsJson } from "./read-file.js";
import { ensureDir, withFileLock, writeJsonAtomic } from "./write-atomic.js";

export function trustFilePath(location: { home?: string } = {}): string {
  return path.join(agenixDir(location), "trusted.json");
}

/** The key a project is remembered under (trusted.json, approvals.json): its real path. */
export function canonicalProject(projectRoot: string): string {
  try {
    return realpathSync(projectRoot);
  } catch {
    return path.resolve(projectRoot);
  }
}

type TrustFile = { projects: Record<string, string>; declined: Record<string, string> };

function record(value: unknown): Record<string, string> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, string>)
    : {};
}

async function readTrustFile(file: string): Promise<TrustFile> {
  const raw = await readSettingsJson(file);
  return { projects: record(raw?.projects), declined: record(raw?.declined) };
}

async function has(
  which: keyof TrustFile,
  projectRoot: string,
  location: { home?: string },
): Promise<boolean> {
  try {
    return Object.hasOwn(
      (await readTrustFile(trustFilePath(location)))[which],
      canonicalProject(projectRoot),
    );
  } catch {
    return false;
  }
}

/** True when the user trusted this project root. An unreadable trust file trusts nothing. */
export function isTrusted(projectRoot: string, location: { home?: string } = {}): Promise<boolean> {
  return has("projects", projectRoot, location);
}

/** True when the user was asked about this project and said no (interactive mode asks once). */
export function isDeclined(projectRoot: string, location: { home?: string } = {}): Promise<boolean> {
  return has("declined", projectRoot, location);
}

async function edit(location: { home?: string }, change: (trust: TrustFile) => void): Promise<void> {
  const file = trustFilePath(location);
  await ensureDir(path.dirname(file), 0o700);
  await withFileLock(file, async () => {
    const trust = await readTrustFile(file);
    change(trust);
    await writeJsonAtomic(file, { version: 1, ...trust }, 0o600);
  });
}

/** Remembers the project root as trusted, or with `declined` as "asked, said no" (atomic). */
export function trustProject(
  projectRoot: string,
  location: { home?: string } = {},
  options: { declined?: boolean } = {},
): Promise<void> {
  const key = canonicalProject(projectRoot);
  return edit(location, (trust) => {
    if (options.declined) {
      delete trust.projects[key];
      trust.declined[key] = isoNow();
    } else {
      delete trust.declined[key];
      trust.projects[key] = isoNow();
    }
  });
}

/** Forgets a project: neither trusted nor declined (`agenix config untrust`). */
export function untrustProject(projectRoot: string, location: { home?: string } = {}): Promise<void> {
  const key = canonicalProject(projectRoot);
  return edit(location, (trust) => {
    delete trust.projects[key];
    delete trust.declined[key];
  });
}

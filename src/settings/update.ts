// updateSettingsFile(): the one way agenix edits a settings file (`agenix config set`, remembered
// permissions): locked, validated before writing, atomic. The local file is git-ignored.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { homeDir, type SettingsScope, settingsPath } from "./paths.js";
import { readSettingsJson } from "./read-file.js";
import { type Validated, validateSettings } from "./validate.js";
import { ensureDir, withFileLock, writeJsonAtomic } from "./write-atomic.js";

export interface UpdateLocation {
  cwd: string;
  home?: string;
}

/**
 * Reads the file (empty object when missing), lets `mutate` change it, validates the result and
 * writes it atomically. Throws SettingsError (file unchanged) when the file is unreadable or the
 * result is invalid. Returns the written content and any warnings (e.g. unknown keys kept as they were).
 */
export async function updateSettingsFile(
  scope: SettingsScope,
  location: UpdateLocation,
  mutate: (data: Record<string, unknown>) => void,
): Promise<Validated & { path: string }> {
  const home = homeDir(location);
  const file = settingsPath(scope, { cwd: location.cwd, home });
  // ~/.agenix holds sessions, approvals and trust: private (0700) when agenix creates it.
  await ensureDir(path.dirname(file), scope === "user" ? 0o700 : 0o755);
  return withFileLock(file, async () => {
    const data = (await readSettingsJson(file)) ?? {};
    mutate(data);
    const validated = validateSettings(data, file);
    // Unknown keys the user wrote are kept in the file (only warned about), so write `data`.
    await writeJsonAtomic(file, data, scope === "project" ? 0o644 : 0o600);
    if (scope === "local") await ensureGitignored(path.dirname(file));
    return { ...validated, path: file };
  });
}

/** `.agenix/.gitignore` lists settings.local.json (created, or the line appended). */
async function ensureGitignored(agenixFolder: string): Promise<void> {
  const file = path.join(agenixFolder, ".gitignore");
  let text = "";
  try {
    text = await readFile(file, "utf8");
  } catch {}
  if (text.split(/\r?\n/).some((line) => line.trim() === "settings.local.json")) return;
  const prefix = text === "" || text.endsWith("\n") ? text : `${text}\n`;
  await writeFile(file, `${prefix}settings.local.json\n`);
}

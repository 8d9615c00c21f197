// Where the settings files live: ~/.agenix/settings.json (user), and in the project root (the
// working directory's git root, else the working directory) .agenix/settings.json and
// .agenix/settings.local.json.
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

export type SettingsScope = "user" | "project" | "local";
export const SCOPES: readonly SettingsScope[] = ["user", "project", "local"];

export interface SettingsLocation {
  cwd: string;
  /** Default: $HOME, else the OS home directory. */
  home?: string;
}

export function homeDir(location: { home?: string }): string {
  return path.resolve(location.home ?? process.env.HOME ?? homedir());
}

/** The nearest folder at or above `cwd` holding `.git` (a folder, or a worktree's file); else `cwd`. */
export function findProjectRoot(cwd: string): string {
  const start = path.resolve(cwd);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, ".git"))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

export function agenixDir(location: { home?: string }): string {
  return path.join(homeDir(location), ".agenix");
}

export function settingsPath(scope: SettingsScope, location: SettingsLocation): string {
  if (scope === "user") return path.join(agenixDir(location), "settings.json");
  const root = findProjectRoot(location.cwd);
  return path.join(root, ".agenix", scope === "project" ? "settings.json" : "settings.local.json");
}

/** Expands `~/` and resolves a relative path against `base` (a settings file's project or home). */
export function resolveUserPath(value: string, base: string, home: string): string {
  if (value === "~") return home;
  if (value.startsWith("~/")) return path.join(home, value.slice(2));
  return path.resolve(base, value);
}

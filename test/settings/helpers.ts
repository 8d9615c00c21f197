// Temp home + project folders with settings files, for the settings unit tests.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { SettingsScope } from "../../src/settings/paths.js";

export interface SettingsFixture {
  home: string;
  project: string;
  /** A folder two levels below the project root. */
  nested: string;
  write(scope: SettingsScope, data: unknown): string;
  writeRaw(scope: SettingsScope, text: string): string;
  pathOf(scope: SettingsScope): string;
  cleanup(): void;
}

export function makeSettingsFixture(options: { git?: boolean } = {}): SettingsFixture {
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), "agenix-settings-")));
  const home = path.join(base, "home");
  const project = path.join(base, "work", "repo");
  const nested = path.join(project, "src", "deep");
  mkdirSync(nested, { recursive: true });
  mkdirSync(home, { recursive: true });
  if (options.git !== false) mkdirSync(path.join(project, ".git"));
  const pathOf = (scope: SettingsScope) =>
    scope === "user"
      ? path.join(home, ".agenix", "settings.json")
      : path.join(project, ".agenix", scope === "project" ? "settings.json" : "settings.local.json");
  const writeRaw = (scope: SettingsScope, text: string) => {
    const file = pathOf(scope);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  return {
    home,
    project,
    nested,
    pathOf,
    writeRaw,
    write: (scope, data) => writeRaw(scope, JSON.stringify(data, null, 2)),
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}

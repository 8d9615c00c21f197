// loadSettings(): the three settings files and the environment, validated, trust-gated and merged
// (defaults < environment < user < project < local; flags are applied by the caller on top).
import { realpathSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { approvalsFilePath, readApprovals } from "./approvals.js";
import { ENV_VARIABLES, type Env, envLayer } from "./env-layer.js";
import { type IgnoredSetting, wideningKeys, withoutWidening } from "./gating.js";
import { getPath, leafPaths, mergeSettings } from "./merge.js";
import { findProjectRoot, homeDir, resolveUserPath, type SettingsScope, settingsPath } from "./paths.js";
import { readSettingsFile } from "./read-file.js";
import { resolveSandboxPaths } from "./sandbox-paths.js";
import type { SettingsData } from "./schema.js";
import { isTrusted } from "./trust.js";

export interface LoadSettingsOptions {
  cwd: string;
  home?: string;
  /** Default: process.env. */
  env?: Env;
  /** --trust: treat the project as trusted for this run (the caller may also remember it). */
  trust?: boolean;
  /** false: read no settings files (SDK `settingsFiles: false`); the environment still applies. */
  files?: boolean;
}

export interface SettingsLayer {
  scope: SettingsScope;
  path: string;
  /** The file's validated content as written (relative paths unresolved, nothing gated). */
  data: SettingsData;
  /** user: always; project/local: whether the project is trusted. */
  trusted: boolean;
}

/** "approved": the user's remembered approvals for this project (~/.agenix/approvals.json). */
export type SettingsSourceKind = SettingsScope | "env" | "approved";

export interface SettingsSource {
  /** The highest layer that set the key (for concatenated lists: the last one that added to it). */
  kind: SettingsSourceKind;
  /** The file path, or the environment variable's name. */
  where: string;
  /** Every layer that contributed (several for concatenated lists). */
  all: { kind: SettingsSourceKind; where: string }[];
}

export interface PermissionRuleSource {
  kind: "allow" | "deny" | "ask";
  rule: string;
  scope: SettingsScope | "approved";
  file: string;
}

export interface LoadedSettings {
  /** Effective values: environment and files merged, untrusted widening left out, paths absolute. */
  values: SettingsData;
  /** The files that exist, lowest priority first. */
  layers: SettingsLayer[];
  /** Unknown keys and similar, each naming its file. */
  warnings: string[];
  /** The working directory's git root, else the working directory. */
  projectRoot: string;
  /** Whether project-level widening settings apply (trusted.json, or the `trust` option). */
  trusted: boolean;
  /** Widening project settings that were left out because the project is not trusted. */
  ignored: IgnoredSetting[];
  /** Dotted key (leaf) -> where its effective value came from. */
  sources: Record<string, SettingsSource>;
  /** Every effective permission rule with its origin (untrusted project allow rules excluded). */
  permissionRules: PermissionRuleSource[];
}

async function entriesOf(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

function canonical(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/**
 * Extension and skill paths are resolved against the folder holding `.agenix` (home or project);
 * sandbox paths against the project, where a relative one must stay (exit 2 otherwise).
 */
function resolvePaths(
  data: SettingsData,
  base: string,
  home: string,
  file: string,
  projectRoot: string,
): SettingsData {
  const copy = structuredClone(data);
  if (copy.sandbox) resolveSandboxPaths(copy.sandbox, file, projectRoot, home);
  if (copy.extensions) copy.extensions = copy.extensions.map((p) => resolveUserPath(p, base, home));
  if (copy.skills?.paths) copy.skills.paths = copy.skills.paths.map((p) => resolveUserPath(p, base, home));
  return copy;
}

export async function loadSettings(options: LoadSettingsOptions): Promise<LoadedSettings> {
  const env = options.env ?? process.env;
  const home = homeDir({ home: options.home ?? env.HOME });
  const location = { cwd: options.cwd, home };
  const projectRoot = findProjectRoot(options.cwd);
  const fromEnv = envLayer(env);
  const warnings: string[] = [];
  const layers: SettingsLayer[] = [];
  const ignored: IgnoredSetting[] = [];
  const trusted = options.trust === true || (await isTrusted(projectRoot, { home }));

  if (options.files !== false) {
    const userFile = settingsPath("user", location);
    for (const scope of ["user", "project", "local"] as const) {
      const file = settingsPath(scope, location);
      // In the home folder itself, the "project" file is the user file: read it once.
      if (scope === "project" && canonical(file) === canonical(userFile)) continue;
      const read = await readSettingsFile(file);
      if (!read) continue;
      warnings.push(...read.warnings);
      layers.push({ scope, path: file, data: read.data, trusted: scope === "user" || trusted });
    }
  }

  const effective: { kind: SettingsSourceKind; where: string; data: SettingsData }[] = [];
  effective.push({ kind: "env", where: "environment", data: fromEnv });
  for (const layer of layers) {
    let data = layer.data;
    if (layer.scope !== "user" && !trusted) {
      for (const key of wideningKeys(data))
        ignored.push({ scope: layer.scope, file: layer.path, key, value: getPath(data, key) });
      data = withoutWidening(data);
    }
    const base = layer.scope === "user" ? home : projectRoot;
    effective.push({
      kind: layer.scope,
      where: layer.path,
      data: resolvePaths(data, base, home, layer.path, projectRoot),
    });
  }

  // The user's own approvals for this project apply whatever the trust: a repository cannot write them.
  if (options.files !== false) {
    const file = approvalsFilePath({ home });
    try {
      const allow = await readApprovals(projectRoot, { home });
      if (allow.length > 0)
        effective.push({ kind: "approved", where: file, data: { permissions: { allow } } });
    } catch (error) {
      warnings.push(`${(error as Error).message} (remembered approvals are not applied)`);
    }
  }

  // Project extensions (.agenix/extensions/) are code too: they wait for trust like the settings.
  const extensionsDir = path.join(projectRoot, ".agenix", "extensions");
  const extensionFiles =
    trusted || canonical(projectRoot) === canonical(home) ? [] : await entriesOf(extensionsDir);
  if (extensionFiles.length > 0) {
    ignored.push({
      scope: "project",
      file: extensionsDir,
      key: ".agenix/extensions/",
      value: extensionFiles,
    });
  }

  const values = mergeSettings(effective.map((e) => e.data));
  return {
    values,
    layers,
    warnings,
    projectRoot,
    trusted,
    ignored,
    sources: sourcesOf(values, effective),
    permissionRules: permissionRulesOf(effective),
  };
}

function sourcesOf(
  values: SettingsData,
  effective: { kind: SettingsSourceKind; where: string; data: SettingsData }[],
): Record<string, SettingsSource> {
  const sources: Record<string, SettingsSource> = {};
  for (const key of leafPaths(values)) {
    const all = effective
      .filter((e) => getPath(e.data, key) !== undefined)
      .map((e) => ({ kind: e.kind, where: e.kind === "env" ? envVariableFor(key) : e.where }));
    const last = all.at(-1);
    if (last) sources[key] = { ...last, all };
  }
  return sources;
}

function envVariableFor(key: string): string {
  return ENV_VARIABLES[key] ?? "environment";
}

function permissionRulesOf(
  effective: { kind: SettingsSourceKind; where: string; data: SettingsData }[],
): PermissionRuleSource[] {
  const rules: PermissionRuleSource[] = [];
  for (const e of effective) {
    if (e.kind === "env") continue;
    for (const kind of ["deny", "ask", "allow"] as const) {
      for (const rule of e.data.permissions?.[kind] ?? [])
        rules.push({ kind, rule, scope: e.kind, file: e.where });
    }
  }
  return rules;
}

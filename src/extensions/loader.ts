// Finding and loading extensions: TypeScript or JavaScript modules in ~/.agenix/extensions/,
// <project>/.agenix/extensions/ (only once the project is trusted), settings `extensions` and
// `--extension <path>`. .ts files load through jiti: no build step for the user.
import { readdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { ExtensionRunner } from "./runner.js";

export type ExtensionScope = "user" | "project" | "settings" | "flag";

export interface ExtensionSource {
  path: string;
  scope: ExtensionScope;
}

const EXTENSIONS = /\.(ts|mts|cts|js|mjs|cjs)$/;

export interface FindExtensionsOptions {
  home: string;
  projectRoot: string;
  cwd: string;
  /** Load <project>/.agenix/extensions/ (only for a trusted project). */
  includeProject: boolean;
  /** settings `extensions` (files or folders; relative ones against the project root). */
  settingsPaths?: readonly string[];
  /** `--extension` paths (relative ones against the working directory). */
  flagPaths?: readonly string[];
}

/** Files in an extensions folder: *.ts/*.js..., and subfolders with an index file. */
async function filesIn(dir: string): Promise<string[]> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && EXTENSIONS.test(entry.name) && !entry.name.endsWith(".d.ts")) files.push(full);
    else if (entry.isDirectory()) {
      for (const index of ["index.ts", "index.js", "index.mjs"]) {
        if (await isFile(path.join(full, index))) {
          files.push(path.join(full, index));
          break;
        }
      }
    }
  }
  return files;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function expand(p: string, scope: ExtensionScope, missing: string[]): Promise<ExtensionSource[]> {
  try {
    const info = await stat(p);
    if (info.isDirectory()) return (await filesIn(p)).map((file) => ({ path: file, scope }));
    return [{ path: p, scope }];
  } catch {
    missing.push(p);
    return [];
  }
}

function expandHome(p: string, home: string): string {
  return p === "~" || p.startsWith("~/") ? path.join(home, p.slice(2)) : p;
}

export async function findExtensions(
  options: FindExtensionsOptions,
): Promise<{ sources: ExtensionSource[]; missing: string[] }> {
  const missing: string[] = [];
  const sources: ExtensionSource[] = [
    ...(await filesIn(path.join(options.home, ".agenix", "extensions"))).map((file) => ({
      path: file,
      scope: "user" as const,
    })),
  ];
  if (options.includeProject) {
    for (const file of await filesIn(path.join(options.projectRoot, ".agenix", "extensions"))) {
      sources.push({ path: file, scope: "project" });
    }
  }
  for (const p of options.settingsPaths ?? []) {
    sources.push(
      ...(await expand(path.resolve(options.projectRoot, expandHome(p, options.home)), "settings", missing)),
    );
  }
  for (const p of options.flagPaths ?? []) {
    sources.push(...(await expand(path.resolve(options.cwd, expandHome(p, options.home)), "flag", missing)));
  }
  const seen = new Set<string>();
  return { sources: sources.filter((s) => !seen.has(s.path) && seen.add(s.path)), missing };
}

/** An extension may `import { z } from "zod"` without installing it: it gets agenix's copy. */
function zodAlias(): Record<string, string> {
  try {
    return { zod: path.dirname(createRequire(import.meta.url).resolve("zod/package.json")) };
  } catch {
    return {};
  }
}

/** Imports each extension (in order) and hands it to the runner; failures are reported there. */
export async function loadExtensions(
  runner: ExtensionRunner,
  sources: readonly ExtensionSource[],
): Promise<void> {
  if (sources.length === 0) return;
  const { createJiti } = await import("jiti");
  const jiti = createJiti(import.meta.url, { fsCache: false, moduleCache: false, alias: zodAlias() });
  for (const source of sources) {
    let factory: unknown;
    try {
      factory = await jiti.import(source.path, { default: true });
    } catch (error) {
      runner.reportLoadFailure(source.path, error instanceof Error ? error.message : String(error));
      continue;
    }
    await runner.add(source.path, factory);
  }
}

// The CLI's side of customization: settings and flags -> loadCustomization() inputs, and the trust
// rule for project extensions and MCP servers (the settings loader already leaves an untrusted
// project's `extensions` and `mcpServers` out; the .agenix/extensions/ folder is gated here).
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { type Customization, loadCustomization } from "../customize.js";
import { MCP_FIRST_PROMPT_WAIT_MS } from "../extensions/mcp/manager.js";
import type { SandboxSetup } from "../sandbox/startup.js";
import type { IgnoredSetting } from "../settings/gating.js";
import type { LoadedSettings } from "../settings/load.js";
import { mcpSandboxFor } from "./sandbox-setup.js";

/** The flags this part reads: `--no-context-files` and `--extension <path>` (repeatable). */
export interface CustomizationFlags {
  contextFiles?: boolean;
  extension?: string[];
}

export function projectExtensionsDir(projectRoot: string): string {
  return path.join(projectRoot, ".agenix", "extensions");
}

/**
 * For the one "untrusted project" line: the project's .agenix/extensions/ folder, when it holds
 * something and the project is not trusted (settings keys are reported by the settings loader).
 */
export function ignoredProjectExtensions(loaded: LoadedSettings): IgnoredSetting[] {
  if (loaded.trusted) return [];
  const dir = projectExtensionsDir(loaded.projectRoot);
  if (!existsSync(dir)) return [];
  try {
    if (readdirSync(dir).length === 0) return [];
  } catch {
    return [];
  }
  const key = `${path.join(".agenix", "extensions")}${path.sep}`;
  return loaded.ignored.some((i) => i.key === key) ? [] : [{ scope: "project", file: dir, key }];
}

export async function loadCliCustomization(options: {
  loaded: LoadedSettings;
  workingDir: string;
  home: string;
  flags: CustomizationFlags;
  reservedToolNames: readonly string[];
  /** The model the session will use: its context window sizes the skills listing (about 2%). */
  model?: string;
  /** The run's sandbox: project-level MCP stdio servers run in it (settings sandbox.mcp). */
  sandbox?: SandboxSetup;
}): Promise<Customization> {
  const { loaded, flags } = options;
  const contextWindow = await skillsContextWindow(loaded, options.model);
  const setting = loaded.values.contextFiles;
  return loadCustomization({
    cwd: options.workingDir,
    home: options.home,
    projectRoot: loaded.projectRoot,
    contextFiles: flags.contextFiles !== false && setting !== false,
    contextFileNames: Array.isArray(setting) ? setting : undefined,
    skillPaths: loaded.values.skills?.paths,
    extensionPaths: loaded.values.extensions,
    flagExtensions: flags.extension,
    projectExtensions: loaded.trusted,
    mcpServers: loaded.values.mcpServers,
    mcpSandboxFor: options.sandbox ? mcpSandboxFor(options.sandbox, loaded) : undefined,
    reservedToolNames: options.reservedToolNames,
    contextWindow,
  });
}

/** compaction.contextWindow / AGENIX_CONTEXT_WINDOW, else the model's window from the catalog. */
async function skillsContextWindow(
  loaded: LoadedSettings,
  model: string | undefined,
): Promise<number | undefined> {
  const given = Number(process.env.AGENIX_CONTEXT_WINDOW ?? loaded.values.compaction?.contextWindow);
  if (Number.isFinite(given) && given > 0) return given;
  if (!model) return undefined;
  const { catalogContextWindow } = await import("../analysis/model-catalog.js");
  return catalogContextWindow(model);
}

/** MCP servers an untrusted project's settings name (left out by the settings loader), for /mcp. */
export function untrustedMcpServers(loaded: LoadedSettings): { names: string[]; file: string } | undefined {
  const layers = loaded.layers.filter((l) => l.scope !== "user" && !l.trusted && l.data.mcpServers);
  const names = layers.flatMap((l) => Object.keys(l.data.mcpServers ?? {}));
  if (names.length === 0) return undefined;
  return { names: [...new Set(names)], file: layers.map((l) => l.path).join(", ") };
}

/** After the first-prompt wait: one warning per server that could not start (print mode shows them). */
export function mcpStartupWarnings(custom: Customization): string[] {
  return custom.mcp.connections
    .filter((c) => c.status === "failed")
    .map(
      (c) =>
        `Warning: MCP server "${c.name}" is not available: ${c.error ?? "it failed to start"}. Its tools are not offered; see agenix mcp list.`,
    );
}

/**
 * How long the first prompt (and /mcp) waits for MCP servers still starting: 3 s, or
 * AGENIX_MCP_WAIT_MS (milliseconds; slow machines, tests).
 */
export function mcpWaitMs(env: NodeJS.ProcessEnv): number {
  const raw = env.AGENIX_MCP_WAIT_MS?.trim();
  const n = raw ? Number(raw) : Number.NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : MCP_FIRST_PROMPT_WAIT_MS;
}

// Customization for a run (CLI and ACP): a run's configuration -> loadCustomization() inputs. Trust is
// decided once, by the settings loader: an untrusted project's `extensions`, `mcpServers` and
// .agenix/extensions/ folder are left out there (and named in its `ignored`).
import { type Customization, type CustomizeInputs, loadCustomization } from "../customize.js";
import { MCP_FIRST_PROMPT_WAIT_MS } from "../extensions/mcp/manager.js";
import type { SandboxSetup } from "../sandbox/startup.js";
import type { LoadedSettings } from "../settings/load.js";
import type { RunConfig } from "./config.js";
import type { RunRuntime } from "./runtime.js";
import { mcpSandboxFor } from "./sandbox-setup.js";

/**
 * Context files, skills, commands, extensions and MCP servers for a run, from its configuration
 * (`contextFiles`, `compaction.contextWindow` sizing the skills listing, the trust-gated files) and
 * the `--extension` flags.
 */
export async function loadRunCustomization(options: {
  config: RunConfig;
  home: string;
  /** `--extension` paths. */
  flagExtensions?: readonly string[];
  reservedToolNames: readonly string[];
  /** The run's sandbox: project-level MCP stdio servers run in it (settings sandbox.mcp). */
  sandbox?: SandboxSetup;
  /** MCP servers an editor passed over ACP (see CustomizeInputs.editorMcpServers). */
  editorMcpServers?: CustomizeInputs["editorMcpServers"];
}): Promise<Customization> {
  const { config } = options;
  const loaded = config.loaded;
  const contextWindow = config.contextWindow ?? (await catalogWindow(config.model));
  return loadCustomization({
    cwd: config.workingDir,
    home: options.home,
    projectRoot: loaded.projectRoot,
    contextFiles: config.contextFiles !== false,
    contextFileNames: Array.isArray(config.contextFiles) ? config.contextFiles : undefined,
    skillPaths: loaded.values.skills?.paths,
    extensionPaths: loaded.values.extensions,
    flagExtensions: options.flagExtensions,
    projectExtensions: loaded.trusted,
    mcpServers: loaded.values.mcpServers,
    editorMcpServers: options.editorMcpServers,
    mcpSandboxFor: options.sandbox ? mcpSandboxFor(options.sandbox, loaded) : undefined,
    reservedToolNames: options.reservedToolNames,
    contextWindow,
  });
}

/** What buildAgentSession() takes of a loaded customization. */
export function customizationRuntime(custom: Customization): NonNullable<RunRuntime["customization"]> {
  return {
    promptAddition: custom.promptAddition,
    hooks: custom.hooks,
    tools: custom.tools,
  };
}

/** The task tool's agents: the definitions found in the agents folders. */
export function subagentsRuntime(custom: Customization): RunRuntime["subagents"] {
  return { definitions: custom.agents.agents };
}

/** The model's window from the catalog (the skills listing takes about 2% of it). */
async function catalogWindow(model: string | undefined): Promise<number | undefined> {
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

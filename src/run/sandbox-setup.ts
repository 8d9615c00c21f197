// The sandbox of a run (CLI or ACP): settings and flag resolved, bubblewrap checked, and the permission
// mode settled with it (auto when the sandbox works and no mode was chosen). Fails (exit 2 in the CLI)
// before anything runs when a sandbox the user asked for cannot start.

import type { StdioWrapper } from "../extensions/mcp/connection.js";
import { wrapInSandbox } from "../sandbox/exec-wrapper.js";
import { type SandboxSetup, setUpSandbox } from "../sandbox/startup.js";
import type { Env } from "../settings/choices.js";
import type { LoadedSettings } from "../settings/load.js";
import type { RunConfig } from "./config.js";
import { sandboxInput } from "./sandbox-input.js";

/** `flag`: the CLI's --sandbox value (ACP has none). */
export async function runSandbox(settings: RunConfig, env: Env, flag?: string): Promise<SandboxSetup> {
  const permissions = settings.permissions;
  const loaded = settings.loaded;
  const setup = await setUpSandbox(
    sandboxInput({ loaded, env, workingDir: settings.workingDir, flag }),
    permissions,
  );
  if (setup.sandbox && permissions.modeSource === "default") {
    permissions.mode = "auto";
    permissions.modeSource = "default (the sandbox works)";
  }
  return setup;
}

/**
 * Project-level MCP stdio servers (from the project's settings files) run in the sandbox unless
 * settings sandbox.mcp is false; the user's own servers run as configured.
 */
export function mcpSandboxFor(
  setup: SandboxSetup,
  loaded: LoadedSettings,
): ((name: string) => StdioWrapper | undefined) | undefined {
  const sandbox = setup.sandbox;
  if (!sandbox || !setup.config.mcp) return undefined;
  return (name) => {
    const kind = loaded.sources[`mcpServers.${name}`]?.kind;
    if (kind !== "project" && kind !== "local") return undefined;
    return (command, args) => wrapInSandbox(sandbox.policy, sandbox.bwrap, command, args);
  };
}

// The sandbox of a CLI run: settings and flag resolved, bubblewrap checked, and the permission mode
// settled with it (auto when the sandbox works and no mode was chosen). Fails with exit 2 before
// anything runs when a sandbox the user asked for cannot start.
import { homedir } from "node:os";
import type { Env, Settings } from "../config.js";
import type { StdioWrapper } from "../extensions/mcp/connection.js";
import { wrapInSandbox } from "../sandbox/exec-wrapper.js";
import { type SandboxSetup, setUpSandbox } from "../sandbox/startup.js";
import { defaultSessionRoot } from "../sessions/paths.js";
import type { LoadedSettings } from "../settings/load.js";
import type { CliPermissions } from "./permissions-setup.js";

export async function cliSandbox(
  settings: Settings,
  permissions: CliPermissions,
  env: Env,
): Promise<SandboxSetup> {
  const loaded = settings.loaded;
  const setup = await setUpSandbox(
    {
      flag: settings.sandboxFlag,
      settings: loaded?.values.sandbox,
      settingsModeSource: loaded?.sources["sandbox.mode"]?.where,
      env,
      workingDir: settings.workingDir,
      home: env.HOME || homedir(),
      sessionsDir: defaultSessionRoot(env as NodeJS.ProcessEnv),
    },
    permissions.config,
  );
  if (setup.sandbox && permissions.config.modeSource === "default") {
    permissions.config.mode = "auto";
    permissions.config.modeSource = "default (the sandbox works)";
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

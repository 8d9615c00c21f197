// `agenix mcp list`: starts every configured MCP server (in parallel), prints its status and tools,
// and stops them again. A server that fails shows its error and the tail of its stderr. Project-level
// stdio servers start in the command sandbox, as they do in a session (settings sandbox.mcp).

import { McpManager } from "../../extensions/mcp/manager.js";
import { untrustedMcpServers } from "../../run/customization.js";
import { sandboxInput } from "../../run/sandbox-input.js";
import { mcpSandboxFor } from "../../run/sandbox-setup.js";
import { setUpSandbox } from "../../sandbox/startup.js";
import { resolveDir } from "../../sessions/paths.js";
import { loadSettings } from "../../settings/load.js";
import { writeErr, writeOut } from "../output.js";
import { formatMcpStatus } from "./format.js";

export async function mcpListCommand(options: { workingDir?: string; trust?: boolean }): Promise<number> {
  const cwd = resolveDir(options.workingDir, process.cwd(), process.env);
  const loaded = await loadSettings({ cwd, env: process.env, trust: options.trust === true });
  for (const warning of loaded.warnings) writeErr(`Warning: ${warning}\n`);
  const sandbox = await setUpSandbox(sandboxInput({ loaded, env: process.env, workingDir: cwd }), {
    mode: "default",
    modeSource: "default",
  });
  if (sandbox.notice) writeErr(`${sandbox.notice}\n`);
  const manager = new McpManager(loaded.values.mcpServers ?? {}, {
    cwd,
    sandboxFor: mcpSandboxFor(sandbox, loaded),
  });
  try {
    await manager.startAll();
    writeOut(`${formatMcpStatus(manager, untrustedMcpServers(loaded))}\n`);
    // Non-zero when a configured server cannot be used, so scripts can check their setup.
    return manager.connections.some((c) => c.status === "failed") || manager.invalid.length > 0 ? 1 : 0;
  } finally {
    await manager.closeAll();
    await sandbox.sandbox?.close();
  }
}

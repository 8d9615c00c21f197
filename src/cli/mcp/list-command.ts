// `agenix mcp list`: starts every configured MCP server (in parallel), prints its status and tools,
// and stops them again. A server that fails shows its error and the tail of its stderr.

import { McpManager } from "../../extensions/mcp/manager.js";
import { untrustedMcpServers } from "../../run/customization.js";
import { resolveDir } from "../../sessions/paths.js";
import { loadSettings } from "../../settings/load.js";
import { writeErr, writeOut } from "../output.js";
import { formatMcpStatus } from "./format.js";

export async function mcpListCommand(options: { workingDir?: string; trust?: boolean }): Promise<number> {
  const cwd = resolveDir(options.workingDir, process.cwd(), process.env);
  const loaded = await loadSettings({ cwd, env: process.env, trust: options.trust === true });
  for (const warning of loaded.warnings) writeErr(`Warning: ${warning}\n`);
  const manager = new McpManager(loaded.values.mcpServers ?? {}, { cwd });
  try {
    await manager.startAll();
    writeOut(`${formatMcpStatus(manager, untrustedMcpServers(loaded))}\n`);
    // Non-zero when a configured server cannot be used, so scripts can check their setup.
    return manager.connections.some((c) => c.status === "failed") || manager.invalid.length > 0 ? 1 : 0;
  } finally {
    await manager.closeAll();
  }
}

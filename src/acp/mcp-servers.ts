// MCP servers an editor passes in session/new and session/load, as agenix server configs: stdio and
// streamable HTTP. SSE (deprecated in MCP, and not advertised in initialize) is refused with a clear
// notice. They join the configured servers (run/customization.ts), the editor's winning a shared name.
import type { McpServer } from "@agentclientprotocol/sdk";
import type { McpServerConfig } from "../extensions/mcp/connection.js";

export function editorMcpServers(
  servers: readonly McpServer[] | undefined,
  log: (text: string) => void,
): Record<string, McpServerConfig> {
  const out: Record<string, McpServerConfig> = {};
  for (const server of servers ?? []) {
    if ("type" in server && server.type === "sse") {
      log(
        `Warning: MCP server "${server.name}" from the editor uses SSE, which agenix does not support; use its streamable HTTP endpoint (type "http") instead.`,
      );
      continue;
    }
    if ("url" in server) {
      out[server.name] = {
        url: server.url,
        headers: Object.fromEntries(server.headers.map((h) => [h.name, h.value])),
      };
    } else {
      out[server.name] = {
        command: server.command,
        args: server.args,
        env: Object.fromEntries(server.env.map((v) => [v.name, v.value])),
      };
    }
  }
  return out;
}

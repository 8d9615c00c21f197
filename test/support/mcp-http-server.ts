// An MCP server over streamable HTTP for tests (the official SDK's server transport on a local port),
// stateless: a fresh server per request. One tool, `shout`, upper-cases its text. Every request's
// headers are recorded.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

export interface HttpMcp {
  url: string;
  port: number;
  headers: http.IncomingHttpHeaders[];
  stop(): Promise<void>;
}

export async function startHttpMcp(port = 0): Promise<HttpMcp> {
  const headers: http.IncomingHttpHeaders[] = [];
  const server = http.createServer(async (req, res) => {
    headers.push(req.headers);
    const mcp = new McpServer({ name: "http-test", version: "1.0.0" });
    mcp.registerTool(
      "shout",
      { description: "Upper-cases", inputSchema: { text: z.string() } },
      async ({ text }) => ({ content: [{ type: "text", text: text.toUpperCase() }] }),
    );
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => {
      void transport.close();
      void mcp.close();
    });
    await mcp.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/mcp`,
    port: bound,
    headers,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

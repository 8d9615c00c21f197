// An MCP server over streamable HTTP (the official SDK's server transport on a local port): the
// client lists its tools, sends the configured headers, calls a tool; a server that is gone gives
// a clear error, and the next call after it is back reconnects.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { McpManager } from "../../src/extensions/mcp/manager.js";

let httpServer: http.Server | undefined;
const seenHeaders: string[] = [];

async function startHttpMcp(port = 0): Promise<number> {
  httpServer = http.createServer(async (req, res) => {
    seenHeaders.push(String(req.headers["x-team"]));
    // Stateless: a fresh server and transport per request.
    const server = new McpServer({ name: "http-test", version: "1.0.0" });
    server.registerTool(
      "shout",
      { description: "Upper-cases", inputSchema: { text: z.string() } },
      async ({ text }) => ({
        content: [{ type: "text", text: text.toUpperCase() }],
      }),
    );
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => httpServer!.listen(port, "127.0.0.1", resolve));
  return (httpServer.address() as AddressInfo).port;
}

async function stop(): Promise<void> {
  const s = httpServer;
  httpServer = undefined;
  if (!s) return;
  s.closeAllConnections();
  await new Promise((resolve) => s.close(resolve));
}

afterEach(stop);

describe("MCP over streamable HTTP", () => {
  it("lists and calls tools with the configured headers ($VAR filled in); a server that is down answers with a clear error, then reconnects", async () => {
    const port = await startHttpMcp();
    const manager = new McpManager(
      { web: { url: `http://127.0.0.1:${port}/mcp`, headers: { "X-Team": "$TEAM" } } },
      { cwd: process.cwd(), env: { TEAM: "blue" } },
    );
    await manager.startAll();
    const [connection] = manager.connections;
    expect(connection!.status, connection!.error).toBe("ready");
    const tools = manager.tools();
    expect(tools.map((t) => t.name)).toEqual(["mcp__web__shout"]);
    const signal = new AbortController().signal;
    expect(await tools[0]!.run({ text: "hi" }, { workingDir: "/", signal })).toMatchObject({
      content: "HI",
      isError: false,
    });
    expect(seenHeaders.every((h) => h === "blue")).toBe(true);

    await stop();
    const down = await tools[0]!.run({ text: "x" }, { workingDir: "/", signal });
    expect(down.isError).toBe(true);
    expect(down.content).toMatch(/^Error: MCP server "web" is not available: /);
    expect(manager.connections[0]!.status).toBe("failed");

    await startHttpMcp(port);
    const back = await manager.tools()[0]!.run({ text: "again" }, { workingDir: "/", signal });
    expect(back).toMatchObject({ content: "AGAIN", isError: false });
    await manager.closeAll();
  });

  it("an entry with neither command nor url is not started, and says why", () => {
    const manager = new McpManager({ bad: { args: ["x"] }, worse: { url: "ftp://x" } }, { cwd: "/" });
    expect(manager.connections).toEqual([]);
    expect(manager.invalid).toEqual([
      { name: "bad", error: 'it needs "command" (stdio) or "url" (streamable HTTP)' },
      { name: "worse", error: '"url" must be http(s): ftp://x' },
    ]);
  });
});

// An MCP server over streamable HTTP (the official SDK's server transport on a local port): the
// client lists its tools, sends the configured headers, calls a tool; a server that is gone gives
// a clear error, and the next call after it is back reconnects.
import { afterEach, describe, expect, it } from "vitest";
import { McpManager } from "../../src/extensions/mcp/manager.js";
import { type HttpMcp, startHttpMcp } from "../support/mcp-http-server.js";

let server: HttpMcp | undefined;
const seenHeaders = () => server?.headers.map((h) => String(h["x-team"])) ?? [];

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe("MCP over streamable HTTP", () => {
  it("lists and calls tools with the configured headers ($VAR filled in); a server that is down answers with a clear error, then reconnects", async () => {
    server = await startHttpMcp();
    const { port } = server;
    const manager = new McpManager(
      { web: { url: server.url, headers: { "X-Team": "$TEAM" } } },
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
    expect(seenHeaders().every((h) => h === "blue")).toBe(true);

    await server.stop();
    const down = await tools[0]!.run({ text: "x" }, { workingDir: "/", signal });
    expect(down.isError).toBe(true);
    expect(down.content).toMatch(/^Error: MCP server "web" is not available: /);
    expect(manager.connections[0]!.status).toBe("failed");

    server = await startHttpMcp(port);
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

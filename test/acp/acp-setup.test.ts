// `agenix acp` (the built binary): what an editor sets up around a session. Authentication when no
// key is set; the editor's MCP servers (stdio and streamable HTTP, taken as given) next to the
// configured ones; session/list over the usual store.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openaiEnv, sessionFiles, sessionIdFrom } from "../e2e/helpers.js";
import { repoRoot, runAgenix, type TempHome } from "../support/cli.js";
import type { LlmServer } from "../support/llm-server.js";
import { type HttpMcp, startHttpMcp } from "../support/mcp-http-server.js";
import { type AcpChild, INIT, startAcp, withAcp } from "./acp-client.js";

const MCP_SERVER = path.join(repoRoot, "test/support/mcp-stdio-server.mjs");

let home: TempHome;
let server: LlmServer;
withAcp((h, s) => {
  home = h;
  server = s;
});
let acp: AcpChild | undefined;
let httpMcp: HttpMcp | undefined;
afterEach(async () => {
  await httpMcp?.stop();
  httpMcp = undefined;
});

// biome-ignore lint/suspicious/noExplicitAny: wire JSON
const offeredNames = (body: any): string[] =>
  body.tools.map((t: { function: { name: string } }) => t.function.name);

describe("agenix acp: authentication", () => {
  it("without a key: initialize names the variables, session/new and authenticate answer auth_required", async () => {
    acp = startAcp(home.workDir, home.env);
    const init = await acp.connection.agent.request("initialize", INIT);
    expect(init.authMethods?.map((m) => m.name)).toEqual(["OPENAI_API_KEY", "ANTHROPIC_API_KEY"]);
    expect(init.authMethods?.[0]?.description).toContain("agent_servers.agenix.env");
    await expect(
      acp.connection.agent.request("session/new", { cwd: home.workDir, mcpServers: [] }),
    ).rejects.toMatchObject({
      code: -32000,
      message: expect.stringContaining("No model provider is set up"),
    });
    await expect(
      acp.connection.agent.request("authenticate", { methodId: "openai-api-key" }),
    ).rejects.toMatchObject({ code: -32000, message: expect.stringContaining("OPENAI_API_KEY is not set") });
    await expect(acp.connection.agent.request("authenticate", { methodId: "sso" })).rejects.toMatchObject({
      message: expect.stringContaining("Unknown auth method sso"),
    });
    // Nothing was saved for the session that could not start.
    expect(sessionFiles(home)).toEqual([]);
    // A server's base URL added to the user's settings meanwhile is enough: authenticate succeeds.
    mkdirSync(path.join(home.home, ".agenix"), { recursive: true });
    writeFileSync(
      path.join(home.home, ".agenix", "settings.json"),
      JSON.stringify({ baseUrl: server.openaiBaseUrl }),
    );
    expect(await acp.connection.agent.request("authenticate", { methodId: "openai-api-key" })).toEqual({});
    const { sessionId } = await acp.connection.agent.request("session/new", {
      cwd: home.workDir,
      mcpServers: [],
    });
    expect(sessionId).toBeTruthy();
  });

  it("with a key: no auth method is listed", async () => {
    acp = startAcp(home.workDir, openaiEnv(home, server));
    const init = await acp.connection.agent.request("initialize", INIT);
    expect(init.authMethods).toEqual([]);
  });
});

describe("agenix acp: MCP servers", () => {
  it("offers the editor's stdio and HTTP servers (values as given) with the configured one, and calls them", async () => {
    httpMcp = await startHttpMcp();
    const { url } = httpMcp;
    mkdirSync(path.join(home.home, ".agenix"), { recursive: true });
    writeFileSync(
      path.join(home.home, ".agenix", "settings.json"),
      JSON.stringify({ mcpServers: { configured: { command: process.execPath, args: [MCP_SERVER] } } }),
    );
    server.push(
      { text: "", toolCalls: [{ id: "m1", name: "mcp__ed__echo", arguments: { text: "hi" } }] },
      { text: "", toolCalls: [{ id: "m2", name: "mcp__web__shout", arguments: { text: "quiet" } }] },
      { text: "done" },
    );
    acp = startAcp(home.workDir, { ...openaiEnv(home, server), AGENIX_MCP_WAIT_MS: "60000" });
    const init = await acp.connection.agent.request("initialize", INIT);
    expect(init.agentCapabilities?.mcpCapabilities).toEqual({ http: true, sse: false });
    const { sessionId } = await acp.connection.agent.request("session/new", {
      cwd: home.workDir,
      mcpServers: [
        { name: "ed", command: process.execPath, args: [MCP_SERVER], env: [{ name: "UNUSED", value: "1" }] },
        { type: "http", name: "web", url, headers: [{ name: "X-Team", value: "$TEAM" }] },
      ],
    });
    acp.answers.push("allow_once", "allow_once");
    const result = await acp.connection.agent.request("session/prompt", {
      sessionId,
      prompt: [{ type: "text", text: "use the tools" }],
    });
    expect(result.stopReason).toBe("end_turn");
    const first = server.requests[0]!.body;
    expect(offeredNames(first)).toEqual(
      expect.arrayContaining(["mcp__ed__echo", "mcp__web__shout", "mcp__configured__echo"]),
    );
    const tools = server.requests.at(-1)!.body.messages.filter((m: { role: string }) => m.role === "tool");
    expect(tools.map((m: { content: string }) => m.content)).toEqual(["echo: hi", "QUIET"]);
    // The editor's header went as given: no $VAR expansion of an editor's values.
    const seen = httpMcp.headers.map((h) => h["x-team"]);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(["$TEAM"]));
  });

  it("refuses an SSE server from the editor with a notice on stderr and keeps the session", async () => {
    acp = startAcp(home.workDir, openaiEnv(home, server));
    await acp.connection.agent.request("initialize", INIT);
    const { sessionId } = await acp.connection.agent.request("session/new", {
      cwd: home.workDir,
      mcpServers: [{ type: "sse", name: "old", url: "http://127.0.0.1:9/sse", headers: [] }],
    });
    expect(sessionId).toBeTruthy();
    expect(acp.stderr()).toContain('MCP server "old" from the editor uses SSE');
  });
});

describe("agenix acp: session/list", () => {
  it("lists stored sessions of every front end, newest first, by folder or all", async () => {
    server.push({ text: "printed" });
    const printed = await runAgenix(["hello from print"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(printed.code, printed.stderr).toBe(0);
    const printedId = sessionIdFrom(printed.stderr);
    const other = path.join(home.home, "other");
    mkdirSync(other);

    acp = startAcp(home.workDir, openaiEnv(home, server));
    const init = await acp.connection.agent.request("initialize", INIT);
    expect(init.agentCapabilities?.sessionCapabilities?.list).toEqual({});
    const { sessionId: elsewhere } = await acp.connection.agent.request("session/new", {
      cwd: other,
      mcpServers: [],
    });

    const here = await acp.connection.agent.request("session/list", { cwd: home.workDir });
    expect(here.sessions).toEqual([
      { sessionId: printedId, cwd: home.workDir, title: "hello from print", updatedAt: expect.any(String) },
    ]);
    expect(here.nextCursor ?? null).toBeNull();
    const all = await acp.connection.agent.request("session/list", {});
    expect(all.sessions.map((s) => s.sessionId).sort()).toEqual([printedId, elsewhere].sort());
    await expect(acp.connection.agent.request("session/list", { cwd: "relative" })).rejects.toMatchObject({
      message: expect.stringContaining("cwd must be an absolute path"),
    });
  });
});

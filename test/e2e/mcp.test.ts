// MCP servers through the real binary: a stdio server (the official SDK, test/support/) whose tool the
// scripted model calls, one that crashes mid-call and is restarted on the next call, one that fails
// at start, and `agenix mcp list`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runAgenix, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { openaiEnv, readSession, sessionFiles } from "./helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

const SERVER = path.join(repoRoot, "test/support/mcp-stdio-server.mjs");
// The 3 s first-prompt wait is for people; a loaded test machine may need longer to start node.
const env = () => ({ ...openaiEnv(home, server), AGENIX_MCP_WAIT_MS: "60000" });

function userSettings(settings: unknown): void {
  mkdirSync(path.join(home.home, ".agenix"), { recursive: true });
  writeFileSync(path.join(home.home, ".agenix", "settings.json"), JSON.stringify(settings));
}

// biome-ignore lint/suspicious/noExplicitAny: wire JSON
const toolContents = (body: any): string[] =>
  body.messages.filter((m: { role: string }) => m.role === "tool").map((m: { content: string }) => m.content);
// biome-ignore lint/suspicious/noExplicitAny: wire JSON
const offeredNames = (body: any): string[] =>
  body.tools.map((t: { function: { name: string } }) => t.function.name);

describe("MCP servers (print mode, real binary)", () => {
  it("offers a stdio server's tools as mcp__<server>__<tool>; the model's call reaches the server and is recorded", async () => {
    userSettings({ mcpServers: { test: { command: process.execPath, args: [SERVER] } } });
    server.push(
      { text: "", toolCalls: [{ id: "m1", name: "mcp__test__echo", arguments: { text: "hi there" } }] },
      { text: "", toolCalls: [{ id: "m2", name: "mcp__test__add", arguments: { a: "two", b: 3 } }] },
      { text: "done" },
    );
    const run = await runAgenix(["--allow", "mcp__test__*", "use the server"], {
      cwd: home.workDir,
      env: env(),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("done\n");
    expect(offeredNames(server.requests[0]!.body)).toEqual(
      expect.arrayContaining(["read", "bash", "mcp__test__echo", "mcp__test__add", "mcp__test__crash"]),
    );
    expect(toolContents(server.requests[1]!.body)).toEqual(["echo: hi there"]);
    // Validated against the server's schema before the call, like a built-in tool.
    expect(toolContents(server.requests[2]!.body)[1]).toContain("Invalid arguments for mcp__test__add");
    const saved = readSession(sessionFiles(home)[0]!);
    expect(saved.messages[2]).toMatchObject({
      role: "tool",
      name: "mcp__test__echo",
      content: "echo: hi there",
    });
  });

  it("a server that crashes answers with a clear error and is restarted on the next call; one that fails at start does not stop the session", async () => {
    const log = path.join(home.home, "starts.log");
    userSettings({
      mcpServers: {
        test: { command: process.execPath, args: [SERVER, "--log", log] },
        broken: { command: process.execPath, args: [SERVER, "--fail-at-start"] },
      },
    });
    server.push(
      { text: "", toolCalls: [{ id: "x1", name: "mcp__test__crash", arguments: {} }] },
      { text: "", toolCalls: [{ id: "x2", name: "mcp__test__echo", arguments: { text: "again" } }] },
      { text: "recovered" },
    );
    const run = await runAgenix(["--allow", "mcp__test__*", "crash it"], { cwd: home.workDir, env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("recovered\n");
    expect(offeredNames(server.requests[0]!.body).filter((n) => n.startsWith("mcp__broken"))).toEqual([]);
    expect(run.stderr).toContain('Warning: MCP server "broken" is not available: ');
    const crash = toolContents(server.requests[1]!.body)[0]!;
    expect(crash).toMatch(/^Error: MCP server "test" is not available: /);
    expect(crash).toContain("crashing on purpose");
    expect(toolContents(server.requests[2]!.body)[1]).toBe("echo: again");
    expect(readFileSync(log, "utf8").trim().split("\n")).toHaveLength(2);
  });

  it("agenix mcp list shows each server's status and tools, and a failed one's stderr", async () => {
    userSettings({
      mcpServers: {
        test: { command: process.execPath, args: [SERVER] },
        broken: { command: process.execPath, args: [SERVER, "--fail-at-start"] },
      },
    });
    const run = await runAgenix(["mcp", "list"], {
      cwd: home.workDir,
      env: { ...home.env, AGENIX_MCP_WAIT_MS: "60000" },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("test  (stdio: ");
    expect(run.stdout).toContain("status: ready, 3 tools");
    expect(run.stdout).toContain("mcp__test__echo - Echoes the text back");
    expect(run.stdout).toMatch(/broken {2}\(stdio: [^\n]+\n {2}status: failed: /);
    expect(run.stdout).toContain("cannot open the database (simulated start failure)");
  });

  it("agenix mcp list names an untrusted project's servers without starting them", async () => {
    const started = path.join(home.home, "started.log");
    mkdirSync(path.join(home.workDir, ".agenix"), { recursive: true });
    writeFileSync(
      path.join(home.workDir, ".agenix", "settings.json"),
      JSON.stringify({
        mcpServers: { proj: { command: process.execPath, args: [SERVER, "--log", started] } },
      }),
    );
    const run = await runAgenix(["mcp", "list"], { cwd: home.workDir, env: home.env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      `Not started (the project is not trusted): proj from ${path.join(home.workDir, ".agenix", "settings.json")}. Run agenix with --trust in this folder to trust it.`,
    );
    expect(existsSync(started)).toBe(false);
  });
});

describe("an untrusted project (print mode)", () => {
  it("does not start its extensions or MCP servers, and says so in one stderr line naming --trust", async () => {
    const started = path.join(home.home, "project-mcp.log");
    const loaded = path.join(home.home, "project-extension-loaded");
    mkdirSync(path.join(home.workDir, ".agenix", "extensions"), { recursive: true });
    writeFileSync(
      path.join(home.workDir, ".agenix", "settings.json"),
      JSON.stringify({
        mcpServers: { proj: { command: process.execPath, args: [SERVER, "--log", started] } },
      }),
    );
    writeFileSync(
      path.join(home.workDir, ".agenix", "extensions", "evil.mjs"),
      `import { writeFileSync } from "node:fs"; writeFileSync(${JSON.stringify(loaded)}, "ran"); export default () => {};`,
    );
    server.push({ text: "answer" });
    const run = await runAgenix(["hello"], { cwd: home.workDir, env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(loaded)).toBe(false);
    expect(existsSync(started)).toBe(false);
    expect(offeredNames(server.requests[0]!.body).some((n) => n.startsWith("mcp__"))).toBe(false);
    const lines = run.stderr.split("\n").filter((l) => l.includes("--trust"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Untrusted project ${home.workDir}`);
    expect(lines[0]).toContain("mcpServers");
    expect(lines[0]).toContain(".agenix/extensions/");

    // With --trust (remembered), both run.
    server.push(
      { text: "", toolCalls: [{ id: "t", name: "mcp__proj__echo", arguments: { text: "trusted" } }] },
      { text: "ok" },
    );
    const trusted = await runAgenix(["--trust", "--allow", "mcp__proj__echo", "hello"], {
      cwd: home.workDir,
      env: env(),
    });
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(trusted.stderr).not.toContain("Untrusted project");
    expect(readFileSync(loaded, "utf8")).toBe("ran");
    expect(toolContents(server.requests[2]!.body)).toEqual(["echo: trusted"]);
  });
});

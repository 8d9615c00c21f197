// The SDK end to end: real provider over HTTP to the scripted server, real tools, real files.
import { describe, expect, it } from "vitest";
import { type AgentEvent, createSession, type SessionData, SessionManager } from "../../src/sdk.js";
import type { TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { readSession, sessionFiles } from "./helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

const connect = () => ({ apiKey: "sk-sdk-test", baseUrl: server.openaiBaseUrl, workingDir: home.workDir });

/** The spec's "Custom Format": sessions kept in a database (here a Map). */
class MemorySessionManager extends SessionManager {
  readonly rows = new Map<string, string>();
  readonly saves: number[] = [];
  override async saveSession(data: SessionData): Promise<void> {
    this.saves.push(data.messages.length);
    this.rows.set(data.id, JSON.stringify(data));
  }
  override async loadSession(id: string): Promise<SessionData> {
    const row = this.rows.get(id);
    if (!row) throw new Error(`no row ${id}`);
    return JSON.parse(row);
  }
}

describe("SDK createSession", () => {
  it("prompt() resolves to the final text; the session is saved like the CLI's and can be continued", async () => {
    server.push(
      { text: "", toolCalls: [{ name: "bash", arguments: { command: "echo from-tool" } }] },
      { text: "The tool said from-tool." },
    );
    const manager = new SessionManager({ dir: home.sessionDir });
    const session = await createSession({ ...connect(), sessionManager: manager, metadata: { name: "sdk" } });
    expect(session.id).toMatch(/^\d{8}_\d{6}/);
    expect(sessionFiles(home)).toHaveLength(1); // created at once
    expect(await session.prompt("run echo")).toBe("The tool said from-tool.");
    expect(session.getMessages().map((m) => m.role)).toEqual(["user", "assistant", "tool", "assistant"]);
    await session.close();
    const file = readSession(sessionFiles(home)[0] as string);
    expect(file.messages).toHaveLength(4);
    expect(file.metadata).toEqual({ name: "sdk" });
    expect((await manager.listSessions({ workingDir: home.workDir })).map((s) => s.id)).toEqual([session.id]);

    server.push({ text: "continued" });
    const again = await createSession({ ...connect(), sessionManager: manager, sessionId: session.id });
    expect(await again.prompt("more")).toBe("continued");
    expect(server.requests.at(-1)?.body.messages).toHaveLength(6);
    await again.close();
  });

  it("stream() yields typed events; an AbortSignal stops a running tool with a valid history", async () => {
    server.push({ text: "", toolCalls: [{ name: "bash", arguments: { command: "sleep 30" } }] });
    const session = await createSession({ ...connect(), save: false });
    const controller = new AbortController();
    const types: AgentEvent["type"][] = [];
    for await (const event of session.stream("slow", { signal: controller.signal })) {
      types.push(event.type);
      if (event.type === "tool_call") controller.abort();
    }
    expect(types).toEqual([
      "message",
      "message",
      "turn_end",
      "tool_call",
      // The turn's snapshot (taken while the model was asked) is recorded before the first tool runs.
      "checkpoint",
      "message",
      "tool_result",
      "agent_end",
    ]);
    const last = session.getMessages().at(-1);
    expect(last).toMatchObject({ role: "tool", is_error: true });
    expect(sessionFiles(home)).toEqual([]);

    server.push({ text: "fine" });
    expect(await session.prompt("next")).toBe("fine");
    expect(server.rejections).toEqual([]);
  });

  it("a custom SessionManager receives every save and nothing is written to disk", async () => {
    server.push(
      { text: "", toolCalls: [{ name: "bash", arguments: { command: "true" } }] },
      { text: "done" },
    );
    const manager = new MemorySessionManager({ dir: home.sessionDir });
    const session = await createSession({ ...connect(), sessionManager: manager });
    await session.prompt("go");
    await session.close();
    // The second save at 2 messages records the turn's checkpoint (before the tool runs).
    expect(manager.saves).toEqual([0, 1, 2, 2, 3, 4]);
    expect(JSON.parse(manager.rows.get(session.id as string) as string).messages).toHaveLength(4);
    expect(sessionFiles(home)).toEqual([]);
  });

  it("prompt() rejects with the provider's error and keeps the user's message", async () => {
    server.push({ status: 404 });
    const session = await createSession({ ...connect(), save: false, model: "gpt-nope" });
    await expect(session.prompt("hi")).rejects.toMatchObject({ name: "ProviderError" });
    expect(session.getMessages().map((m) => m.role)).toEqual(["user"]);
  });
});

describe("SDK input checks", () => {
  it('prompt("") is refused with a clear error and nothing is sent or saved', async () => {
    const manager = new SessionManager({ dir: home.sessionDir });
    const session = await createSession({ ...connect(), sessionManager: manager });
    await expect(session.prompt("")).rejects.toThrow(
      "The message is empty: pass some text to prompt() or stream().",
    );
    await expect(session.prompt("  \n")).rejects.toThrow("The message is empty");
    expect(server.requests).toHaveLength(0);
    const [file] = sessionFiles(home);
    expect(readSession(file as string).messages).toEqual([]);
    // The session is still usable.
    server.push({ text: "fine" });
    expect(await session.prompt("hello")).toBe("fine");
    await session.close();
  });
});

describe("SDK createSession and the settings files", () => {
  it("reads the project's settings under its options; settingsFiles: false reads none; untrusted widening is a notice", async () => {
    const { mkdirSync, writeFileSync } = await import("node:fs");
    const path = await import("node:path");
    mkdirSync(path.join(home.workDir, ".agenix"));
    writeFileSync(
      path.join(home.workDir, ".agenix", "settings.json"),
      JSON.stringify({
        model: "project-model",
        appendSystemPrompt: "PROJECT RULES",
        mcpServers: { x: { command: "x" } },
      }),
    );
    const notices: string[] = [];
    server.push({ text: "one" }, { text: "two" }, { text: "three" });
    const fromFiles = await createSession({
      ...connect(),
      save: false,
      onNotice: (n) => notices.push(n.text),
    });
    await fromFiles.prompt("hi");
    expect(server.requests.at(-1)?.body.model).toBe("project-model");
    expect(server.requests.at(-1)?.body.messages[0].content).toMatch(/\n\nPROJECT RULES$/);
    expect(notices).toEqual([
      expect.stringMatching(/^Untrusted project .*: ignoring its settings mcpServers /),
    ]);

    const explicit = await createSession({
      ...connect(),
      model: "option-model",
      save: false,
      trust: true,
      onNotice: (n) => notices.push(n.text),
    });
    await explicit.prompt("hi");
    expect(server.requests.at(-1)?.body.model).toBe("option-model");
    expect(notices).toHaveLength(1); // trusted: no second notice

    const none = await createSession({ ...connect(), settingsFiles: false, save: false });
    await none.prompt("hi");
    expect(server.requests.at(-1)?.body.model).toBe("gpt-4o");
    expect(server.requests.at(-1)?.body.messages[0].content).not.toContain("PROJECT RULES");
  });
});

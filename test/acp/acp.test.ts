// `agenix acp` (the built binary) driven by the ACP SDK's client side against the scripted LLM
// server: sessions in the usual store, streamed updates, permission requests, cancel, load, modes.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openaiEnv, readSession, sessionFiles, sessionIdFrom } from "../e2e/helpers.js";
import { binPath, runAgenix, type TempHome } from "../support/cli.js";
import type { LlmServer } from "../support/llm-server.js";
import {
  type AcpChild,
  INIT,
  promptText,
  runningPid,
  startAcp,
  startWithSession,
  withAcp,
} from "./acp-client.js";

let home: TempHome;
let server: LlmServer;
withAcp((h, s) => {
  home = h;
  server = s;
});
let acp: AcpChild | undefined;

const open = () => startWithSession(home.workDir, openaiEnv(home, server));
const prompt = promptText;

// biome-ignore lint/suspicious/noExplicitAny: updates are checked field by field
const kinds = (a: AcpChild) => a.updates.map((n) => (n.update as any).sessionUpdate as string);
const lastRequestMessages = () => server.requests.at(-1)!.body.messages;

describe("agenix acp", () => {
  it("initializes, creates a stored session, asks about edit (allow once) and bash (reject)", async () => {
    writeFileSync(path.join(home.workDir, "app.txt"), "colour = red\n");
    server.push(
      {
        text: "",
        toolCalls: [
          {
            id: "call_e",
            name: "edit",
            arguments: { file_path: "app.txt", old_string: "red", new_string: "blue" },
          },
        ],
      },
      { text: "", toolCalls: [{ id: "call_b", name: "bash", arguments: { command: "touch ran.txt" } }] },
      { text: "Edited; bash was refused." },
    );
    acp = startAcp(home.workDir, openaiEnv(home, server));
    const init = await acp.connection.agent.request("initialize", { ...INIT, protocolVersion: 7 });
    expect(init.protocolVersion).toBe(1);
    expect(init.agentInfo).toMatchObject({ name: "agenix" });
    expect(init.agentCapabilities).toMatchObject({
      loadSession: true,
      promptCapabilities: { embeddedContext: true },
    });
    const created = await acp.connection.agent.request("session/new", { cwd: home.workDir, mcpServers: [] });
    expect(created.modes?.currentModeId).toBe("default");
    acp.answers.push("allow_once", "reject_once");
    const result = await prompt(acp, created.sessionId, "make it blue");
    expect(result.stopReason).toBe("end_turn");

    // The file changed; bash did not run, and the model was told.
    expect(readFileSync(path.join(home.workDir, "app.txt"), "utf8")).toBe("colour = blue\n");
    expect(existsSync(path.join(home.workDir, "ran.txt"))).toBe(false);
    expect(acp.permissionRequests.map((r) => r.toolCall.toolCallId)).toEqual(["call_e", "call_b"]);
    expect(acp.permissionRequests[0]!.options.map((o) => o.kind)).toEqual([
      "allow_once",
      "allow_always",
      "reject_once",
      "reject_always",
    ]);
    const denial = lastRequestMessages().find(
      (m: { role: string; tool_call_id?: string }) => m.tool_call_id === "call_b",
    );
    expect(denial.content).toMatch(/^Permission denied: bash\(touch ran\.txt\) was not run/);

    // The edit's updates: a tool_call of kind edit with its location, then a completed update with the diff.
    const editUpdates = acp.updates
      .map((n) => n.update)
      .filter((u) => "toolCallId" in u && u.toolCallId === "call_e");
    expect(editUpdates[0]).toMatchObject({
      sessionUpdate: "tool_call",
      kind: "edit",
      locations: [{ path: path.join(home.workDir, "app.txt") }],
    });
    expect(editUpdates.at(-1)).toMatchObject({
      sessionUpdate: "tool_call_update",
      status: "completed",
      content: expect.arrayContaining([
        { type: "diff", path: path.join(home.workDir, "app.txt"), oldText: "red", newText: "blue" },
      ]),
    });
    // The edit is pending while the editor is asked (ACP: "awaiting approval"), running only once allowed.
    const statusesOf = (from: number, to: number) =>
      acp!.updates
        .slice(from, to)
        .map((n) => n.update)
        .filter((u) => "toolCallId" in u && u.toolCallId === "call_e" && "status" in u && u.status)
        .map((u) => (u as { status: string }).status);
    const askedAt = acp.permissionAt[0]!;
    expect(statusesOf(0, askedAt).at(-1)).toBe("pending");
    expect(statusesOf(askedAt, acp.updates.length)).toEqual(["in_progress", "completed"]);
    const bashEnd = acp.updates
      .map((n) => n.update)
      .filter((u) => "toolCallId" in u && u.toolCallId === "call_b")
      .at(-1);
    expect(bashEnd).toMatchObject({ status: "failed" });
    expect(kinds(acp)).toContain("agent_message_chunk");

    expect(await acp.end()).toBe(0);
    // Every stdout line is a JSON-RPC message.
    for (const line of acp.stdoutLines()) expect(JSON.parse(line)).toMatchObject({ jsonrpc: "2.0" });
    // The session is in the usual store, in the spec's format, and `sessions list` shows it.
    const [file] = sessionFiles(home);
    const data = readSession(file!);
    expect(data.id).toBe(created.sessionId);
    expect(data.messages.map((m: { role: string }) => m.role)).toEqual([
      "user",
      "assistant",
      "tool",
      "assistant",
      "tool",
      "assistant",
    ]);
    const list = await runAgenix(["sessions", "list"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(list.stdout).toContain(created.sessionId);
  });

  it("allow always saves the proposed rule: the next identical call does not ask", async () => {
    const call = { name: "bash", arguments: { command: "touch made.txt" } };
    server.push(
      { text: "", toolCalls: [{ id: "call_1", ...call }] },
      { text: "first" },
      { text: "", toolCalls: [{ id: "call_2", ...call }] },
      { text: "second" },
    );
    const { acp: a, sessionId } = await open();
    a.answers.push("allow_always");
    expect((await prompt(a, sessionId, "one")).stopReason).toBe("end_turn");
    expect((await prompt(a, sessionId, "two")).stopReason).toBe("end_turn");
    expect(a.permissionRequests).toHaveLength(1);
    const tools = lastRequestMessages().filter((m: { role: string }) => m.role === "tool");
    expect(tools.map((m: { tool_call_id: string }) => m.tool_call_id)).toEqual(["call_1", "call_2"]);
    expect(tools.every((m: { content: string }) => !m.content.startsWith("Permission denied"))).toBe(true);
    // Recorded where the interactive box records it: the user's approvals for this project.
    const approvals = JSON.parse(readFileSync(path.join(home.home, ".agenix/approvals.json"), "utf8"));
    expect(Object.values(approvals.projects)).toEqual([{ allow: ["bash(touch *)"] }]);
    // A new `agenix acp` process does not ask either.
    expect(await a.end()).toBe(0);
    server.push({ text: "", toolCalls: [{ id: "call_3", ...call }] }, { text: "third" });
    const { acp: again, sessionId: next } = await open();
    expect((await prompt(again, next, "three")).stopReason).toBe("end_turn");
    expect(again.permissionRequests).toHaveLength(0);
  });

  it("reject always saves a deny rule: the next identical call is refused without asking", async () => {
    const call = { name: "bash", arguments: { command: "touch made.txt" } };
    server.push(
      { text: "", toolCalls: [{ id: "call_1", ...call }] },
      { text: "refused" },
      { text: "", toolCalls: [{ id: "call_2", ...call }] },
      { text: "refused again" },
    );
    const { acp: a, sessionId } = await open();
    a.answers.push("reject_always");
    await prompt(a, sessionId, "one");
    await prompt(a, sessionId, "two");
    expect(a.permissionRequests).toHaveLength(1);
    expect(existsSync(path.join(home.workDir, "made.txt"))).toBe(false);
    const local = JSON.parse(readFileSync(path.join(home.workDir, ".agenix/settings.local.json"), "utf8"));
    expect(local.permissions.deny).toEqual(["bash(touch *)"]);
  });

  it("cancel during a long tool call returns cancelled, kills the process and keeps the session", async () => {
    server.push({
      text: "",
      toolCalls: [{ id: "call_s", name: "bash", arguments: { command: "echo $$ > pid.txt; sleep 60" } }],
    });
    const { acp: a, sessionId } = await open();
    await a.connection.agent.request("session/set_mode", { sessionId, modeId: "yolo" });
    const running = prompt(a, sessionId, "wait");
    const pid = await runningPid(a, path.join(home.workDir, "pid.txt"));
    // A second prompt while one runs is refused.
    await expect(prompt(a, sessionId, "again")).rejects.toMatchObject({
      message: expect.stringContaining("already running a prompt"),
    });
    await a.connection.agent.notify("session/cancel", { sessionId });
    expect((await running).stopReason).toBe("cancelled");
    expect(() => process.kill(pid, 0)).toThrow();
    expect(await a.end()).toBe(0);
    const data = readSession(sessionFiles(home)[0]!);
    expect(data.messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant", "tool"]);
  });

  it("load replays a session made by print mode, then continues it", async () => {
    writeFileSync(path.join(home.workDir, "notes.txt"), "alpha\n");
    server.push(
      { text: "", toolCalls: [{ id: "call_r", name: "read", arguments: { file_path: "notes.txt" } }] },
      { text: "It says alpha." },
    );
    const printed = await runAgenix(["read notes.txt"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(printed.code, printed.stderr).toBe(0);
    const id = sessionIdFrom(printed.stderr);

    acp = startAcp(home.workDir, openaiEnv(home, server));
    await acp.connection.agent.request("initialize", INIT);
    await acp.connection.agent.request("session/load", { sessionId: id, cwd: home.workDir, mcpServers: [] });
    // biome-ignore lint/suspicious/noExplicitAny: updates are checked field by field
    const replayed = acp.updates.map((n) => n.update as any);
    expect(replayed.map((u) => u.sessionUpdate)).toEqual([
      "user_message_chunk",
      "tool_call",
      "tool_call_update",
      "agent_message_chunk",
    ]);
    expect(replayed[0].content.text).toBe("read notes.txt");
    expect(replayed[1]).toMatchObject({ toolCallId: "call_r", kind: "read" });
    expect(replayed[2]).toMatchObject({ status: "completed" });
    expect(replayed[2].content[0].content.text).toContain("alpha");
    expect(replayed[3].content.text).toBe("It says alpha.");

    server.push({ text: "Still alpha." });
    expect((await prompt(acp, id, "and now?")).stopReason).toBe("end_turn");
    expect(lastRequestMessages().map((m: { role: string }) => m.role)).toEqual([
      "system",
      "user",
      "assistant",
      "tool",
      "assistant",
      "user",
    ]);
  });

  it("set_mode plan refuses an edit and tells the editor the mode", async () => {
    writeFileSync(path.join(home.workDir, "app.txt"), "x\n");
    server.push(
      {
        text: "",
        toolCalls: [
          {
            id: "call_e",
            name: "edit",
            arguments: { file_path: "app.txt", old_string: "x", new_string: "y" },
          },
        ],
      },
      { text: "I am in plan mode." },
    );
    const { acp: a, sessionId } = await open();
    await a.connection.agent.request("session/set_mode", { sessionId, modeId: "plan" });
    expect(a.updates.map((n) => n.update)).toContainEqual({
      sessionUpdate: "current_mode_update",
      currentModeId: "plan",
    });
    await prompt(a, sessionId, "edit it");
    expect(readFileSync(path.join(home.workDir, "app.txt"), "utf8")).toBe("x\n");
    expect(a.permissionRequests).toHaveLength(0);
    await expect(
      a.connection.agent.request("session/set_mode", { sessionId, modeId: "reckless" }),
    ).rejects.toMatchObject({ message: expect.stringContaining("Unknown mode reckless") });
  });

  it("an embedded resource is attached like @file; a resource link is named in the text", async () => {
    server.push({ text: "seen" });
    const { acp: a, sessionId } = await open();
    const file = path.join(home.workDir, "open.ts");
    await a.connection.agent.request("session/prompt", {
      sessionId,
      prompt: [
        { type: "text", text: "look at this" },
        { type: "resource", resource: { uri: `file://${file}`, text: "const unsaved = 1;\n" } },
        { type: "resource_link", uri: `file://${path.join(home.workDir, "other.ts")}`, name: "other.ts" },
      ],
    });
    const user = lastRequestMessages().at(-1);
    expect(user.role).toBe("user");
    expect(user.content).toContain("look at this");
    expect(user.content).toContain(`@${path.join(home.workDir, "other.ts")}`);
    expect(user.content).toContain(`<attached-file path="${file}" type="file">\nconst unsaved = 1;\n`);
    const stored = readSession(sessionFiles(home)[0]!).messages[0];
    expect(stored.attachments).toEqual([{ type: "file", path: file }]);
  });

  it("answers malformed JSON, an unknown method and an unknown session with JSON-RPC errors and keeps serving", async () => {
    const child = spawn(process.execPath, [binPath, "acp"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const lines = [
      "not json",
      { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: 1 } },
      { jsonrpc: "2.0", id: 2, method: "no/such/method", params: {} },
      { jsonrpc: "2.0", id: 3, method: "session/prompt", params: { sessionId: "nope", prompt: [] } },
    ];
    child.stdin.end(`${lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n")}\n`);
    expect(await exited).toBe(0);
    const replies = stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    const byId = new Map(replies.map((r) => [r.id, r]));
    expect(byId.get(null).error.code).toBe(-32700);
    expect(byId.get(1).result.protocolVersion).toBe(1);
    expect(byId.get(2).error.code).toBeLessThan(0);
    expect(byId.get(3).error.message).toContain("Unknown session nope");
  });

  it("ends with max_tokens when the answer was cut, and max_turn_requests at the turn limit", async () => {
    server.push(
      { text: "cut off mid", stopReason: "length" },
      { text: "", toolCalls: [{ id: "call_1", name: "read", arguments: { file_path: "a.txt" } }] },
    );
    acp = startAcp(home.workDir, { ...openaiEnv(home, server), AGENIX_MAX_TURNS: "1" });
    await acp.connection.agent.request("initialize", INIT);
    const { sessionId } = await acp.connection.agent.request("session/new", {
      cwd: home.workDir,
      mcpServers: [],
    });
    expect((await prompt(acp, sessionId, "long answer")).stopReason).toBe("max_tokens");
    expect((await prompt(acp, sessionId, "read a.txt")).stopReason).toBe("max_turn_requests");
  });

  it("serves two sessions in one process; an unknown session id is a clear error", async () => {
    server.push({ text: "one" }, { text: "two" });
    const { acp: a, sessionId: first } = await open();
    const { sessionId: second } = await a.connection.agent.request("session/new", {
      cwd: home.workDir,
      mcpServers: [],
    });
    expect(second).not.toBe(first);
    await prompt(a, first, "to the first");
    await prompt(a, second, "to the second");
    await expect(prompt(a, "no-such-session", "hi")).rejects.toMatchObject({
      message: expect.stringContaining("Unknown session no-such-session"),
    });
    expect(await a.end()).toBe(0);
    const answers = sessionFiles(home)
      .map(readSession)
      .map((d) => [d.id, d.messages.at(-1).content[0].text]);
    expect(Object.fromEntries(answers)).toEqual({ [first]: "one", [second]: "two" });
  });
});

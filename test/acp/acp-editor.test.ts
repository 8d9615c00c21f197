// `agenix acp` (the built binary) with an editor that offers its file system and terminals
// (test-editor.ts does both for real): reads see unsaved buffers, edits go through the editor, bash
// runs in an editor terminal unless the sandbox is on, and cancel kills the terminal's command.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openaiEnv, readSession, sessionFiles } from "../e2e/helpers.js";
import { sandboxEnv } from "../e2e/sandbox-helpers.js";
import type { TempHome } from "../support/cli.js";
import type { LlmServer } from "../support/llm-server.js";
import { type AcpChild, promptText, runningPid, startWithSession, withAcp } from "./acp-client.js";
import { TestEditor } from "./test-editor.js";

let home: TempHome;
let server: LlmServer;
withAcp((h, s) => {
  home = h;
  server = s;
});

const open = (editor: TestEditor, env = openaiEnv(home, server)) =>
  startWithSession(home.workDir, env, editor);
const prompt = promptText;

/** The tool messages the model was last sent, by call id. */
function toolResults(): Map<string, string> {
  const messages = server.requests.at(-1)!.body.messages as {
    role: string;
    tool_call_id?: string;
    content: string;
  }[];
  return new Map(messages.filter((m) => m.role === "tool").map((m) => [m.tool_call_id!, m.content]));
}

const updatesOf = (a: AcpChild, id: string) =>
  a.updates.map((n) => n.update).filter((u) => "toolCallId" in u && u.toolCallId === id);

describe("agenix acp with an editor's file system", () => {
  it("read sees the unsaved buffer; edit changes it through fs/write_text_file", async () => {
    const file = path.join(home.workDir, "app.txt");
    writeFileSync(file, "colour = red\n");
    const editor = new TestEditor({ fs: true, terminal: false });
    editor.buffers.set(file, "colour = green\n");
    server.push(
      { text: "", toolCalls: [{ id: "call_r", name: "read", arguments: { file_path: "app.txt" } }] },
      {
        text: "",
        toolCalls: [
          {
            id: "call_e",
            name: "edit",
            arguments: { file_path: "app.txt", old_string: "green", new_string: "blue" },
          },
        ],
      },
      { text: "done" },
    );
    const { acp: a, sessionId } = await open(editor);
    a.answers.push("allow_once");
    expect((await prompt(a, sessionId, "make it blue")).stopReason).toBe("end_turn");
    const results = toolResults();
    expect(results.get("call_r")).toContain("colour = green");
    expect(results.get("call_e")).toMatch(/^Edited app\.txt/);
    // The edit was made to the buffer's text, handed to the editor (which saved it).
    expect(editor.writes).toEqual([{ sessionId, path: file, content: "colour = blue\n" }]);
    expect(editor.reads.map((r) => r.path)).toEqual([file, file]);
    expect(readFileSync(file, "utf8")).toBe("colour = blue\n");
  });

  it("write creates a file through the editor", async () => {
    const editor = new TestEditor({ fs: true, terminal: false });
    server.push(
      {
        text: "",
        toolCalls: [
          { id: "call_w", name: "write", arguments: { file_path: "sub/new.txt", content: "hello\n" } },
        ],
      },
      { text: "written" },
    );
    const { acp: a, sessionId } = await open(editor);
    a.answers.push("allow_once");
    await prompt(a, sessionId, "write it");
    const file = path.join(home.workDir, "sub/new.txt");
    expect(editor.writes).toEqual([{ sessionId, path: file, content: "hello\n" }]);
    expect(readFileSync(file, "utf8")).toBe("hello\n");
  });
});

describe("agenix acp with an editor's terminals", () => {
  let editor: TestEditor;
  afterEach(() => editor?.killAll()); // the editor's own terminals, whatever agenix could still ask

  /** A yolo session whose model runs `command` through bash, running in an editor terminal. */
  async function sleepInTerminal(command: string) {
    editor = new TestEditor({ fs: false, terminal: true });
    server.push({ text: "", toolCalls: [{ id: "call_s", name: "bash", arguments: { command } }] });
    const { acp: a, sessionId } = await open(editor);
    await a.connection.agent.request("session/set_mode", { sessionId, modeId: "yolo" });
    const created = new Promise<string>((resolve) => {
      editor.onCreate = resolve;
    });
    const running = prompt(a, sessionId, "wait");
    return { a, sessionId, running, terminalId: await created };
  }

  it("runs bash in an editor terminal after asking, shows it in the tool call, and returns its output", async () => {
    const editor = new TestEditor({ fs: false, terminal: true });
    server.push(
      {
        text: "",
        toolCalls: [{ id: "call_b", name: "bash", arguments: { command: "echo from-terminal; exit 3" } }],
      },
      { text: "it failed" },
    );
    const { acp: a, sessionId } = await open(editor);
    a.answers.push("allow_once");
    expect((await prompt(a, sessionId, "run it")).stopReason).toBe("end_turn");
    expect(a.permissionRequests.map((r) => r.toolCall.toolCallId)).toEqual(["call_b"]);
    expect(editor.created).toHaveLength(1);
    expect(editor.created[0]).toMatchObject({
      sessionId,
      command: "bash",
      args: ["-c", expect.stringContaining("echo from-terminal; exit 3")],
      cwd: home.workDir,
    });
    // The key agenix uses never reaches the command.
    expect(editor.created[0]!.env!.map((v) => v.name)).not.toContain("OPENAI_API_KEY");
    const updates = updatesOf(a, "call_b");
    expect(updates).toContainEqual({
      sessionUpdate: "tool_call_update",
      toolCallId: "call_b",
      content: [{ type: "terminal", terminalId: "term-1" }],
    });
    expect(updates.at(-1)).toMatchObject({
      status: "failed",
      content: [{ type: "terminal", terminalId: "term-1" }],
    });
    const result = toolResults().get("call_b")!;
    expect(result).toContain("from-terminal");
    expect(result).toContain("Exit code: 3");
    expect(editor.released).toEqual(["term-1"]);
  });

  it("cancel kills the command in the editor terminal and returns cancelled", async () => {
    const { a, sessionId, running, terminalId } = await sleepInTerminal("echo $$ > pid.txt; sleep 60");
    const pid = await runningPid(a, path.join(home.workDir, "pid.txt"));
    await a.connection.agent.notify("session/cancel", { sessionId });
    expect((await running).stopReason).toBe("cancelled");
    expect(editor.killed).toContain(terminalId);
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it("closing stdin while a command runs in an editor terminal saves the session and exits 0", async () => {
    const { a, running } = await sleepInTerminal("sleep 60");
    running.catch(() => {}); // the connection closes under it
    expect(await a.end()).toBe(0);
    const data = readSession(sessionFiles(home)[0]!);
    expect(data.messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant", "tool"]);
    expect(data.messages[2]).toMatchObject({ tool_call_id: "call_s", is_error: true });
  });

  it("with the sandbox on, bash runs in the sandbox, not in the editor terminal", async () => {
    const editor = new TestEditor({ fs: false, terminal: true });
    server.push(
      {
        text: "",
        toolCalls: [{ id: "call_b", name: "bash", arguments: { command: "touch made-in-sandbox" } }],
      },
      { text: "ok" },
    );
    const { acp: a, sessionId } = await open(editor, sandboxEnv(home, server));
    // The sandbox works, so the mode is auto: the command runs in it without asking.
    expect((await prompt(a, sessionId, "touch it")).stopReason).toBe("end_turn");
    expect(editor.created).toEqual([]);
    expect(a.permissionRequests).toEqual([]);
    // Inside the project it may write; outside, the write stayed inside the sandbox.
    expect(existsSync(path.join(home.workDir, "made-in-sandbox"))).toBe(true);
    expect(existsSync(path.join(home.workDir, "../outside.txt"))).toBe(false);
  });
});

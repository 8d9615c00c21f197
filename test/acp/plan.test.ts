// `agenix acp`: the model's todo list reaches the editor as ACP `plan` updates (after each
// todo_write call, live and when a session is loaded), and web_fetch is a `fetch` tool call.
import type { SessionNotification } from "@agentclientprotocol/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { openaiEnv } from "../e2e/helpers.js";
import { assertFreshBuild, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { INIT, startAcp } from "./acp-client.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});
beforeAll(() => assertFreshBuild());

// biome-ignore lint/suspicious/noExplicitAny: updates are checked field by field
const updates = (list: SessionNotification[]) => list.map((n) => n.update as any);

describe("agenix acp: plan", () => {
  it("sends each todo_write list as a plan update, live and on session/load", async () => {
    const todos = (second: string) => ({
      todos: [
        { content: "Read the code", status: "completed" },
        { content: "Fix the bug", status: second, activeForm: "Fixing the bug" },
      ],
    });
    server.push(
      { text: "", toolCalls: [{ id: "t1", name: "todo_write", arguments: todos("in_progress") }] },
      { text: "", toolCalls: [{ id: "t2", name: "todo_write", arguments: todos("completed") }] },
      {
        text: "",
        toolCalls: [{ id: "w1", name: "web_fetch", arguments: { url: "https://docs.python.org/3/" } }],
      },
      { text: "Planned." },
    );
    const acp = startAcp(home.workDir, openaiEnv(home, server));
    await acp.connection.agent.request("initialize", INIT);
    const { sessionId } = await acp.connection.agent.request("session/new", {
      cwd: home.workDir,
      mcpServers: [],
    });
    acp.answers.push("reject_once");
    await acp.connection.agent.request("session/prompt", {
      sessionId,
      prompt: [{ type: "text", text: "plan" }],
    });
    const live = updates(acp.updates);
    const plans = live.filter((u) => u.sessionUpdate === "plan");
    expect(plans).toEqual([
      {
        sessionUpdate: "plan",
        entries: [
          { content: "Read the code", status: "completed", priority: "medium" },
          { content: "Fix the bug", status: "in_progress", priority: "medium" },
        ],
      },
      {
        sessionUpdate: "plan",
        entries: [
          { content: "Read the code", status: "completed", priority: "medium" },
          { content: "Fix the bug", status: "completed", priority: "medium" },
        ],
      },
    ]);
    // The plan follows the call's final update.
    const first = live.findIndex((u) => u.sessionUpdate === "plan");
    expect(live[first - 1]).toMatchObject({
      sessionUpdate: "tool_call_update",
      toolCallId: "t1",
      status: "completed",
    });
    expect(live.find((u) => u.sessionUpdate === "tool_call" && u.toolCallId === "w1")).toMatchObject({
      kind: "fetch",
    });
    await acp.end();

    const again = startAcp(home.workDir, openaiEnv(home, server));
    await again.connection.agent.request("initialize", INIT);
    await again.connection.agent.request("session/load", { sessionId, cwd: home.workDir, mcpServers: [] });
    expect(updates(again.updates).filter((u) => u.sessionUpdate === "plan")).toEqual(plans);
    await again.end();
  });
});

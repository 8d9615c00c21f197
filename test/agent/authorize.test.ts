// The loop's permission hook: a refused call never runs and gets an error result the model sees;
// an interrupt while the check waits ends the wait and the run, with a valid history.
import { describe, expect, it } from "vitest";
import type { AuthorizeTool } from "../../src/agent/authorize.js";
import type { AgentEvent } from "../../src/agent/events.js";
import { runAgentLoop } from "../../src/agent/loop.js";
import { assertValidHistory, call, fakeProvider, fakeTool, reply } from "./fakes.js";

function run(authorize: AuthorizeTool, signal?: AbortSignal) {
  const ran: string[] = [];
  const tool = fakeTool("bash", async (args) => {
    ran.push((args as { command: string }).command);
    return { content: "ran" };
  });
  const provider = fakeProvider([
    reply("", [call("c1", "bash", { command: "ls" }), call("c2", "bash", { command: "rm -rf x" })]),
    reply("done"),
  ]);
  const events: AgentEvent[] = [];
  const result = runAgentLoop({
    provider,
    model: "m",
    systemPrompt: "s",
    messages: [],
    input: "go",
    tools: [tool],
    workingDir: "/tmp",
    maxTurns: 5,
    signal,
    authorize,
    emit: (event) => {
      events.push(event);
    },
  });
  return { result, events, ran, provider };
}

const denyRm: AuthorizeTool = async (c) =>
  String(c.arguments.command).startsWith("rm")
    ? {
        behavior: "deny",
        message: "Permission denied: bash(rm -rf x) was not run.",
        denial: { tool: "bash", input: c.arguments, rule: "bash(rm *)", reason: "denied", allowWith: [] },
      }
    : { behavior: "allow" };

describe("the loop's permission check", () => {
  it("runs allowed calls, refuses denied ones with an error result and a tool_denied event", async () => {
    const { result, events, ran, provider } = run(denyRm);
    const done = await result;
    expect(done.stopReason).toBe("end");
    expect(ran).toEqual(["ls"]);
    const denied = events.filter((e) => e.type === "tool_denied");
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ call: { id: "c2" }, denial: { rule: "bash(rm *)" } });
    const tools = done.messages.filter((m) => m.role === "tool");
    expect(tools).toMatchObject([
      { tool_call_id: "c1", is_error: false, content: "ran" },
      { tool_call_id: "c2", is_error: true, content: "Permission denied: bash(rm -rf x) was not run." },
    ]);
    // tool_denied comes after the call's tool_call and before its tool_result
    const order = events.filter((e) => e.type.startsWith("tool_")).map((e) => e.type);
    expect(order).toEqual(["tool_call", "tool_result", "tool_call", "tool_denied", "tool_result"]);
    assertValidHistory(provider.requests.at(-1)!);
  });

  it("an abort while the check waits ends the run at once; every call gets a result", async () => {
    const controller = new AbortController();
    let asked = 0;
    const never: AuthorizeTool = () => {
      asked++;
      controller.abort();
      return new Promise(() => {});
    };
    const { result, ran } = run(never, controller.signal);
    const done = await result;
    expect(done.stopReason).toBe("aborted");
    expect(asked).toBe(1);
    expect(ran).toEqual([]);
    const tools = done.messages.filter((m) => m.role === "tool");
    expect(tools.map((m) => [m.role === "tool" && m.tool_call_id, m.role === "tool" && m.is_error])).toEqual([
      ["c1", true],
      ["c2", true],
    ]);
  });

  it("a check that throws refuses the call and says why", async () => {
    const { result, ran } = run(async () => {
      throw new Error("grammar missing");
    });
    const done = await result;
    expect(ran).toEqual([]);
    const first = done.messages.find((m) => m.role === "tool");
    expect(first?.role === "tool" && first.content).toContain(
      "the permission check failed (grammar missing)",
    );
  });
});

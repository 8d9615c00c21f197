// Command hooks at the loop's seams, with scripted outcomes (no processes): the order PreToolUse ->
// permission check -> tool -> PostToolUse, updatedInput, continue:false, the Stop loop guard, and a
// PreToolUse hint honoured by the real permission gate (deny and ask rules still hold).
import { describe, expect, it } from "vitest";
import type { LoopCommandHooks, PreToolOutcome } from "../../src/agent/command-hooks.js";
import type { AgentEvent } from "../../src/agent/events.js";
import { runAgentLoop } from "../../src/agent/loop.js";
import { type ApprovalRequest, Permissions } from "../../src/permissions/gate.js";
import { parseRule } from "../../src/permissions/rules.js";
import { assertValidHistory, call, fakeProvider, fakeTool, reply } from "./fakes.js";

function setup(commandHooks: LoopCommandHooks, steps = 2, maxTurns = 5) {
  const ran: string[] = [];
  const tool = fakeTool("bash", async (args) => {
    ran.push((args as { command: string }).command);
    return { content: `ran ${(args as { command: string }).command}` };
  });
  const provider = fakeProvider([
    reply("", [call("c1", "bash", { command: "one" }), call("c2", "bash", { command: "two" })]),
    ...Array.from({ length: steps - 1 }, (_, i) => reply(`answer ${i + 1}`)),
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
    maxTurns,
    commandHooks,
    emit: (event) => {
      events.push(event);
    },
  });
  return { result, events, ran, provider };
}

describe("command hooks in the loop", () => {
  it("PreToolUse may deny or rewrite a call; PostToolUse feedback joins the result; reports are events", async () => {
    const order: string[] = [];
    const { result, ran, events } = setup({
      preToolUse: async (c) => {
        order.push(`pre ${c.arguments.command}`);
        return c.arguments.command === "one"
          ? {
              reports: [{ event: "PreToolUse", outcome: "denied", text: "not one" }],
              decision: "deny",
              reason: "not one",
            }
          : { reports: [], updatedInput: { command: "TWO" } };
      },
      postToolUse: async (c, r) => {
        order.push(`post ${c.arguments.command} ${r.content}`);
        return { reports: [], feedback: "formatted" };
      },
    });
    const { messages } = await result;
    expect(ran).toEqual(["TWO"]);
    expect(order).toEqual(["pre one", "pre two", "post TWO ran TWO"]);
    const tools = messages.filter((m) => m.role === "tool");
    expect(tools[0]).toMatchObject({
      is_error: true,
      content: "Error: blocked by a PreToolUse hook: not one",
    });
    expect(tools[1]).toMatchObject({
      is_error: false,
      content: "ran TWO\n\nPostToolUse hook: formatted",
      tool_call_id: "c2",
    });
    expect(events.filter((e) => e.type === "hook")).toEqual([
      { type: "hook", event: "PreToolUse", outcome: "denied", text: "not one" },
    ]);
    assertValidHistory(messages);
  });

  it("continue:false ends the turn: later calls get a result but do not run, and no model call follows", async () => {
    const { result, ran, provider } = setup({
      preToolUse: async (): Promise<PreToolOutcome> => ({ reports: [], stopTurn: "policy stop" }),
    });
    const { messages, stopReason } = await result;
    expect(stopReason).toBe("end");
    expect(ran).toEqual(["one"]);
    expect(provider.requests).toHaveLength(1);
    expect(messages.filter((m) => m.role === "tool")[1]).toMatchObject({
      content: "Error: not run: policy stop",
    });
    assertValidHistory(messages);
  });

  it("a Stop hook that always blocks sends the agent on with stop_hook_active set, bounded by maxTurns", async () => {
    const active: boolean[] = [];
    const { result, provider } = setup(
      {
        stop: async (isActive) => {
          active.push(isActive);
          return { reports: [], continueWith: "keep going" };
        },
      },
      4,
      3,
    );
    const { finalText, messages, stopReason } = await result;
    expect(stopReason).toBe("max_turns");
    expect(active).toEqual([false, true]);
    expect(provider.requests).toHaveLength(3);
    expect(finalText).toBe("answer 2");
    expect(messages.filter((m) => m.role === "user").map((m) => m.content)).toEqual([
      "go",
      "Stop hook feedback: keep going",
    ]);
  });
});

describe("a PreToolUse hint at the permission gate", () => {
  const signal = new AbortController().signal;
  const bash = (command: string) => ({ id: "c", name: "bash", arguments: { command } });
  const gate = (
    rules: ReturnType<typeof parseRule>[] = [],
    ask?: (request: ApprovalRequest) => Promise<{ behavior: "allow" }>,
  ) => new Permissions({ mode: "default", rules, workingDir: "/w/p", home: "/w", ask });

  it("allow lifts an ask, but not a deny rule nor an ask rule", async () => {
    expect((await gate().authorize(bash("curl x"), signal)).behavior).toBe("deny"); // no one to ask
    expect((await gate().authorize(bash("curl x"), signal, { decision: "allow" })).behavior).toBe("allow");
    const rules = [parseRule("bash(curl *)", "deny", "user")];
    expect((await gate(rules).authorize(bash("curl x"), signal, { decision: "allow" })).behavior).toBe(
      "deny",
    );
    const askRule = [parseRule("bash(curl *)", "ask", "user")];
    expect((await gate(askRule).authorize(bash("curl x"), signal, { decision: "allow" })).behavior).toBe(
      "deny",
    );
  });

  it("ask asks even where the rules allow", async () => {
    let asked = 0;
    const allowLs = [parseRule("bash(ls *)", "allow", "user")];
    const reasons: string[] = [];
    const withAsk = gate(allowLs, async (request) => {
      asked++;
      reasons.push(request.decision.reason);
      return { behavior: "allow" };
    });
    expect((await withAsk.authorize(bash("ls -l"), signal)).behavior).toBe("allow");
    expect(asked).toBe(0);
    expect(
      (await withAsk.authorize(bash("ls -l"), signal, { decision: "ask", reason: "sure?" })).behavior,
    ).toBe("allow");
    expect(asked).toBe(1);
    expect(reasons).toEqual(["a PreToolUse hook asks: sure?"]);
    expect(
      (await gate(allowLs).authorize(bash("ls -l"), signal, { decision: "ask", reason: "sure?" })).behavior,
    ).toBe("deny");
  });
});

import { describe, expect, it } from "vitest";
import type { AgentEvent } from "../../src/agent/events.js";
import { type AgentLoopOptions, runAgentLoop } from "../../src/agent/loop.js";
import { ProviderError } from "../../src/errors.js";
import type { Message } from "../../src/messages/types.js";
import type { Tool } from "../../src/tools/types.js";
import {
  assertValidHistory,
  assistant,
  blockingTool,
  call,
  type FakeProvider,
  fakeProvider,
  fakeTool,
  reply,
} from "./fakes.js";

function options(provider: FakeProvider, tools: Tool[], extra: Partial<AgentLoopOptions> = {}) {
  const events: AgentEvent[] = [];
  const opts: AgentLoopOptions = {
    provider,
    model: "fake-model",
    systemPrompt: "be brief",
    messages: [],
    input: "What files are in this directory?",
    tools,
    workingDir: "/tmp",
    maxTurns: 10,
    emit: (event) => {
      events.push(event);
    },
    ...extra,
  };
  return { opts, events };
}

const messagesOf = (events: AgentEvent[]): Message[] =>
  events.flatMap((e) => (e.type === "message" ? [e.message] : []));

describe("runAgentLoop", () => {
  it("emits the user message before calling the model, then the answer", async () => {
    let eventsAtCall = -1;
    const provider = fakeProvider([
      () => {
        eventsAtCall = events.length;
        return reply("Hello there")(undefined as never);
      },
    ]);
    const { opts, events } = options(provider, []);
    const result = await runAgentLoop(opts);
    expect(eventsAtCall).toBe(1);
    expect(events[0]).toMatchObject({ type: "message", message: { role: "user", content: opts.input } });
    expect(events.map((e) => e.type)).toEqual(["message", "text_delta", "message", "turn_end", "agent_end"]);
    expect(result).toMatchObject({ stopReason: "end", finalText: "Hello there" });
    expect(result.messages).toHaveLength(2);
  });

  it("runs tool calls in order, one result each, unknown tools included, and sends them back", async () => {
    const order: string[] = [];
    const tools = [
      fakeTool("bash", async (args) => {
        order.push(`bash:${JSON.stringify(args)}`);
        return { content: "file1.py\nfile2.py\n", summary: "2 lines" };
      }),
    ];
    const provider = fakeProvider([
      reply("I'll check...", [
        call("c1", "bash", { command: "ls -la" }),
        call("c2", "nope"),
        call("c3", "bash"),
      ]),
      reply("You have 2 Python files."),
    ]);
    const history: Message[] = [];
    const { opts, events } = options(provider, tools, { messages: history });
    const result = await runAgentLoop(opts);
    expect(order).toEqual(['bash:{"command":"ls -la"}', "bash:{}"]);
    const msgs = messagesOf(events);
    expect(msgs.map((m) => m.role)).toEqual(["user", "assistant", "tool", "tool", "tool", "assistant"]);
    assertValidHistory(msgs);
    expect(msgs[3]).toMatchObject({ role: "tool", tool_call_id: "c2", is_error: true });
    expect((msgs[3] as { content: string }).content).toContain('unknown tool "nope"');
    expect(msgs[2]).toMatchObject({ name: "bash", content: "file1.py\nfile2.py\n", is_error: false });
    expect(provider.requests[1]).toHaveLength(5);
    expect(events.filter((e) => e.type === "tool_call")).toHaveLength(3);
    expect(
      events.filter((e) => e.type === "tool_result").map((e) => (e as { summary: string }).summary),
    ).toEqual(["2 lines", "unknown tool", "2 lines"]);
    expect(result.finalText).toBe("You have 2 Python files.");
    expect(history).toEqual([]); // the caller's history is not mutated
  });

  it("stops at maxTurns with every call answered", async () => {
    const provider = fakeProvider([reply("again", [call("x", "bash")])]);
    const { opts, events } = options(provider, [fakeTool("bash")], { maxTurns: 3 });
    const result = await runAgentLoop(opts);
    expect(result.stopReason).toBe("max_turns");
    expect(provider.requests).toHaveLength(3);
    assertValidHistory(messagesOf(events));
    expect(events.at(-1)).toMatchObject({ type: "agent_end", stopReason: "max_turns" });
  });

  it("on abort during a tool: the tool gets the signal, every call gets one error result", async () => {
    const controller = new AbortController();
    let seenSignal: AbortSignal | undefined;
    const tools = [
      blockingTool("bash", () => controller.abort()),
      fakeTool("read", async (_a, ctx) => {
        seenSignal = ctx.signal;
        return { content: "never" };
      }),
    ];
    const provider = fakeProvider([reply("", [call("a", "bash"), call("b", "read"), call("c", "bash")])]);
    const { opts, events } = options(provider, tools, { signal: controller.signal });
    const result = await runAgentLoop(opts);
    expect(result.stopReason).toBe("aborted");
    expect(seenSignal).toBeUndefined();
    const msgs = messagesOf(events);
    assertValidHistory(msgs);
    const toolMsgs = msgs.filter((m) => m.role === "tool");
    expect(toolMsgs.map((m) => m.is_error)).toEqual([true, true, true]);
    expect(toolMsgs[0]?.content).toContain("partial output");
    expect(toolMsgs[0]?.content).toContain("Interrupted");
    expect(events.at(-1)).toMatchObject({ type: "agent_end", stopReason: "aborted" });
  });

  it("abandons a tool that ignores the abort after the grace period", async () => {
    const controller = new AbortController();
    const tools = [blockingTool("bash", () => controller.abort(), false)];
    const provider = fakeProvider([reply("", [call("a", "bash")])]);
    const { opts, events } = options(provider, tools, { signal: controller.signal, abortGraceMs: 5 });
    const result = await runAgentLoop(opts);
    expect(result.stopReason).toBe("aborted");
    assertValidHistory(messagesOf(events));
  });

  it("keeps text streamed before an abort as an assistant message with stop_reason aborted", async () => {
    const controller = new AbortController();
    const provider = fakeProvider([
      async function* (request) {
        yield { type: "text_delta", text: "Half an ans" };
        controller.abort();
        expect(request.signal?.aborted).toBe(true);
        yield { type: "error", error: new ProviderError("aborted"), aborted: true };
      },
    ]);
    const { opts, events } = options(provider, [], { signal: controller.signal });
    const result = await runAgentLoop(opts);
    expect(result.stopReason).toBe("aborted");
    const last = messagesOf(events).at(-1);
    expect(last).toMatchObject({
      role: "assistant",
      content: [{ type: "text", text: "Half an ans" }],
      stop_reason: "aborted",
    });
    expect(last && "tool_calls" in last).toBe(false);
  });

  it("turns a provider error into an error event and stop reason, history still valid", async () => {
    const error = new ProviderError("invalid API key for openai", 401);
    const provider = fakeProvider([() => [{ type: "error", error, aborted: false }]]);
    const { opts, events } = options(provider, []);
    const result = await runAgentLoop(opts);
    expect(result).toMatchObject({ stopReason: "error", error });
    expect(events.map((e) => e.type)).toEqual(["message", "error", "agent_end"]);
  });

  it("treats a provider that throws or ends without a response as a failed turn", async () => {
    const thrower = fakeProvider([
      // biome-ignore lint/correctness/useYield: the point is a stream that throws
      async function* () {
        throw new Error("socket hang up");
      },
    ]);
    const first = await runAgentLoop(options(thrower, []).opts);
    expect(first.stopReason).toBe("error");
    expect(first.error?.message).toBe("socket hang up");
    const empty = fakeProvider([() => [{ type: "text_delta", text: "hm" }]]);
    const second = await runAgentLoop(options(empty, []).opts);
    expect(second.stopReason).toBe("error");
  });

  it("does not stop for a tool result when the model answers with text and no tool calls", async () => {
    const provider = fakeProvider([() => [{ type: "done", message: assistant("done") }]]);
    const { opts } = options(provider, [fakeTool("bash")]);
    expect((await runAgentLoop(opts)).stopReason).toBe("end");
  });
});

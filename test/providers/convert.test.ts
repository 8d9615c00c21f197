// Pure conversions: session <-> each wire format, both directions, and usage mapping.
import { describe, expect, it } from "vitest";
import type { Message } from "../../src/messages/types.js";
import {
  AnthropicStreamAssembler,
  defaultMaxTokens,
  fromAnthropicUsage,
  toAnthropicId,
  toAnthropicMessages,
} from "../../src/providers/convert-anthropic.js";
import {
  fromOpenAIUsage,
  OpenAIStreamAssembler,
  toOpenAIId,
  toOpenAIMessages,
} from "../../src/providers/convert-openai.js";
import { parseToolArguments } from "../../src/providers/message.js";
import { validateAnthropic, validateOpenAI } from "../support/llm-validate.js";
import { fromAnthropicMessages, fromOpenAIMessages } from "../support/wire-to-session.js";

const TS = "2024-01-01T12:00:00Z";

/** The spec's example conversation plus a second tool round with an error result. */
const session: Message[] = [
  { role: "user", content: "What files are in this directory?", timestamp: TS },
  {
    role: "assistant",
    content: [{ type: "text", text: "I'll list the files." }],
    tool_calls: [{ id: "call_abc123", name: "bash", arguments: { command: "ls -la" } }],
    timestamp: TS,
  },
  {
    role: "tool",
    tool_call_id: "call_abc123",
    name: "bash",
    content: "total 0\nREADME.md",
    is_error: false,
    timestamp: TS,
  },
  {
    role: "assistant",
    content: [],
    tool_calls: [
      { id: "toolu_01A", name: "read", arguments: { file_path: "README.md" } },
      { id: "toolu_01B", name: "read", arguments: { file_path: "missing.md" } },
    ],
    timestamp: TS,
  },
  { role: "tool", tool_call_id: "toolu_01A", name: "read", content: "# Hi", is_error: false, timestamp: TS },
  {
    role: "tool",
    tool_call_id: "toolu_01B",
    name: "read",
    content: "Error: no such file",
    is_error: true,
    timestamp: TS,
  },
  { role: "assistant", content: [{ type: "text", text: "There is a README." }], timestamp: TS },
];

describe("OpenAI conversion", () => {
  it("sends arguments as JSON strings, a system message first, and is accepted by the strict checks", () => {
    const wire = toOpenAIMessages("sys", session);
    expect(wire[0]).toEqual({ role: "system", content: "sys" });
    expect(wire[2]).toEqual({
      role: "assistant",
      content: "I'll list the files.",
      tool_calls: [
        {
          id: "call_abc123",
          type: "function",
          function: { name: "bash", arguments: '{"command":"ls -la"}' },
        },
      ],
    });
    expect(wire[4]).toMatchObject({ role: "assistant", content: null });
    expect(validateOpenAI({ model: "m", messages: wire })).toBeUndefined();
  });

  it("round-trips session -> wire -> session (is_error is not on OpenAI's wire)", () => {
    const back = fromOpenAIMessages(toOpenAIMessages("sys", session), TS);
    const expected = session.map((m) => (m.role === "tool" ? { ...m, is_error: false } : m));
    expect(back).toEqual(expected);
  });

  it("shortens ids longer than OpenAI's 40 characters, the same way for call and result", () => {
    const long = `call_${"x".repeat(60)}`;
    expect(toOpenAIId(long)).toHaveLength(40);
    expect(toOpenAIId(long)).toBe(toOpenAIId(long));
    expect(toOpenAIId("call_short")).toBe("call_short");
  });

  it("maps usage, counting cached tokens as part of the prompt", () => {
    expect(
      fromOpenAIUsage({
        prompt_tokens: 100,
        completion_tokens: 20,
        prompt_tokens_details: { cached_tokens: 80 },
      }),
    ).toEqual({
      prompt_tokens: 100,
      completion_tokens: 20,
      total_tokens: 120,
      cache_read_tokens: 80,
    });
    expect(fromOpenAIUsage(undefined)).toEqual({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });
  });

  it("assembles a stream and refuses one without finish_reason", () => {
    const a = new OpenAIStreamAssembler();
    a.add({ choices: [{ delta: { content: "Hi" } }] });
    a.add({
      choices: [
        {
          delta: { tool_calls: [{ index: 0, id: "call_1", function: { name: "bash", arguments: '{"com' } }] },
        },
      ],
    });
    a.add({ choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: 'mand":"ls"}' } }] } }] });
    expect(() => a.finish()).toThrow("the stream ended before the model finished");
    a.add({ choices: [{ delta: {}, finish_reason: "tool_calls" }] });
    expect(a.finish()).toMatchObject({
      text: "Hi",
      toolCalls: [{ id: "call_1", name: "bash", arguments: { command: "ls" } }],
      stopReason: "tool_calls",
    });
  });
});

describe("Anthropic conversion", () => {
  it("puts consecutive results in one user message, maps is_error, and passes the strict checks", () => {
    const wire = toAnthropicMessages(session);
    expect(wire.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user", "assistant"]);
    expect(wire[4]!.content).toEqual([
      { type: "tool_result", tool_use_id: "toolu_01A", content: "# Hi" },
      { type: "tool_result", tool_use_id: "toolu_01B", content: "Error: no such file", is_error: true },
    ]);
    expect(wire[3]!.content).toEqual([
      { type: "tool_use", id: "toolu_01A", name: "read", input: { file_path: "README.md" } },
      { type: "tool_use", id: "toolu_01B", name: "read", input: { file_path: "missing.md" } },
    ]);
    expect(validateAnthropic({ model: "c", max_tokens: 10, messages: wire })).toBeUndefined();
  });

  it("round-trips OpenAI-written session -> Anthropic wire -> session -> OpenAI wire", () => {
    const back = fromAnthropicMessages(toAnthropicMessages(session), TS);
    expect(back).toEqual(session);
    expect(toOpenAIMessages("", back)).toEqual(toOpenAIMessages("", session));
  });

  it("rewrites ids Anthropic refuses, deterministically and without merging distinct ids", () => {
    expect(toAnthropicId("call_abc123")).toBe("call_abc123");
    const a = toAnthropicId("call:1.a");
    expect(a).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(toAnthropicId("call:1.a")).toBe(a);
    expect(toAnthropicId("call:1_a")).not.toBe(a);
  });

  it("leaves out empty assistant messages and merges the users around them", () => {
    const wire = toAnthropicMessages([
      { role: "user", content: "one", timestamp: TS },
      { role: "assistant", content: [], timestamp: TS },
      { role: "user", content: "two", timestamp: TS },
    ]);
    expect(wire).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "one" },
          { type: "text", text: "two" },
        ],
      },
    ]);
  });

  it("maps usage: prompt = input + cache read + cache creation", () => {
    expect(
      fromAnthropicUsage({
        input_tokens: 30,
        cache_read_input_tokens: 60,
        cache_creation_input_tokens: 10,
        output_tokens: 9,
      }),
    ).toEqual({
      prompt_tokens: 100,
      completion_tokens: 9,
      total_tokens: 109,
      cache_read_tokens: 60,
      cache_creation_tokens: 10,
    });
  });

  it("assembles a stream with cumulative output tokens and requires message_stop", () => {
    const a = new AnthropicStreamAssembler();
    a.add({ type: "message_start", message: { usage: { input_tokens: 5, output_tokens: 1 } } });
    a.add({
      type: "content_block_start",
      index: 0,
      content_block: { type: "tool_use", id: "toolu_1", name: "bash" },
    });
    a.add({
      type: "content_block_delta",
      index: 0,
      delta: { type: "input_json_delta", partial_json: '{"command":' },
    });
    a.add({
      type: "content_block_delta",
      index: 0,
      delta: { type: "input_json_delta", partial_json: '"pwd"}' },
    });
    a.add({ type: "message_delta", delta: { stop_reason: "tool_use" }, usage: { output_tokens: 3 } });
    a.add({ type: "message_delta", delta: {}, usage: { output_tokens: 7 } });
    expect(() => a.finish()).toThrow();
    a.add({ type: "message_stop" });
    expect(a.finish()).toEqual({
      text: "",
      toolCalls: [{ id: "toolu_1", name: "bash", arguments: { command: "pwd" } }],
      usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
      stopReason: "tool_use",
    });
  });

  it("budgets 4096 output tokens for Claude 3 models, 8192 otherwise", () => {
    expect(defaultMaxTokens("claude-3-haiku-20240307")).toBe(4096);
    expect(defaultMaxTokens("claude-3-5-sonnet-latest")).toBe(8192);
  });
});

describe("tool arguments", () => {
  it("parses objects and keeps anything else raw", () => {
    expect(parseToolArguments('{"a":1}')).toEqual({ a: 1 });
    expect(parseToolArguments("")).toEqual({});
    expect(parseToolArguments("[1]")).toEqual({ _raw: "[1]" });
    expect(parseToolArguments("{bad")).toEqual({ _raw: "{bad" });
  });
});

// The scripted server itself, spoken to with raw fetch: streams parse, every strict rejection fires.
import { afterEach, describe, expect, it } from "vitest";
import { type LlmServer, NO_MORE_REPLIES, startLlmServer } from "../support/llm-server.js";

let server: LlmServer;
afterEach(() => server?.close());

const OPENAI_HEADERS = { "content-type": "application/json", authorization: "Bearer sk-test" };
const ANTHROPIC_HEADERS = {
  "content-type": "application/json",
  "x-api-key": "sk-ant-test",
  "anthropic-version": "2023-06-01",
};

async function openai(body: unknown, headers: Record<string, string> = OPENAI_HEADERS) {
  const res = await fetch(`${server.openaiBaseUrl}/chat/completions`, {
    method: "POST",
    headers,
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

async function anthropic(body: unknown, headers: Record<string, string> = ANTHROPIC_HEADERS) {
  const res = await fetch(`${server.url}/v1/messages`, {
    method: "POST",
    headers,
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

// biome-ignore lint/suspicious/noExplicitAny: wire JSON is checked by the assertions themselves
type Wire = any;

/** The JSON payloads of an SSE body, without [DONE]. */
function sseData(text: string): Wire[] {
  return text
    .split("\n")
    .filter((l) => l.startsWith("data: ") && l !== "data: [DONE]")
    .map((l) => JSON.parse(l.slice(6)));
}

const user = (content: string) => ({ role: "user", content });

describe("OpenAI endpoint", () => {
  it("streams text and tool calls split across chunks, with a usage chunk and [DONE]", async () => {
    server = await startLlmServer([
      {
        text: "Hello there world",
        toolCalls: [{ id: "call_1", name: "bash", arguments: { command: "ls -la" } }],
        usage: { prompt_tokens: 40, completion_tokens: 7, cache_read_tokens: 30 },
      },
    ]);
    const res = await openai({
      model: "gpt-4o",
      stream: true,
      stream_options: { include_usage: true },
      messages: [user("hi")],
    });
    expect(res.status).toBe(200);
    expect(res.text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    const chunks = sseData(res.text);
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("");
    expect(text).toBe("Hello there world");
    const argPieces = chunks.flatMap((c) => c.choices[0]?.delta?.tool_calls ?? []);
    expect(argPieces.length).toBeGreaterThan(2);
    expect(argPieces[0]).toMatchObject({
      index: 0,
      id: "call_1",
      type: "function",
      function: { name: "bash" },
    });
    expect(JSON.parse(argPieces.map((p) => p.function.arguments).join(""))).toEqual({ command: "ls -la" });
    expect(chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0].finish_reason).toBe("tool_calls");
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: {
        prompt_tokens: 40,
        completion_tokens: 7,
        total_tokens: 47,
        prompt_tokens_details: { cached_tokens: 30 },
      },
    });
    expect(server.requests[0]).toMatchObject({ api: "openai", path: "/v1/chat/completions" });
    expect(server.requests[0]!.headers.authorization).toBe("Bearer sk-test");
  });

  it("answers non-streaming requests and a visible placeholder when the script is exhausted", async () => {
    server = await startLlmServer([{ text: "one" }]);
    const first = JSON.parse((await openai({ model: "m", messages: [user("a")] })).text);
    expect(first.choices[0]).toMatchObject({
      message: { role: "assistant", content: "one" },
      finish_reason: "stop",
    });
    const second = JSON.parse((await openai({ model: "m", messages: [user("b")] })).text);
    expect(second.choices[0].message.content).toBe(NO_MORE_REPLIES);
  });

  const call = (id: string, args: unknown = "{}") => ({
    role: "assistant",
    content: null,
    tool_calls: [{ id, type: "function", function: { name: "bash", arguments: args } }],
  });
  const toolMsg = (id: string) => ({ role: "tool", tool_call_id: id, content: "ok" });

  it.each([
    [
      "a dangling tool call",
      [user("q"), call("call_a")],
      "The following tool_call_ids did not have response messages: call_a",
    ],
    [
      "a user turn before the tool result",
      [user("q"), call("call_a"), user("x")],
      "did not have response messages: call_a",
    ],
    [
      "a tool result without a call",
      [user("q"), toolMsg("call_z")],
      "must be a response to a preceeding message with 'tool_calls'",
    ],
    [
      "object arguments",
      [user("q"), call("call_a", { a: 1 }), toolMsg("call_a")],
      "expected a string, but got an object",
    ],
    ["non-JSON arguments", [user("q"), call("call_a", "{oops"), toolMsg("call_a")], "must be valid JSON"],
    ["an unknown role", [{ role: "robot", content: "x" }], "Invalid value: 'robot'"],
    ["empty messages", [], "empty array"],
  ])("rejects %s with the real 400", async (_name, messages, expected) => {
    server = await startLlmServer();
    const res = await openai({ model: "gpt-4o", messages });
    expect(res.status).toBe(400);
    const body = JSON.parse(res.text);
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toContain(expected);
    expect(server.rejections).toEqual([{ status: 400, message: body.error.message }]);
  });

  it("accepts a complete tool exchange and rejects a missing model or key", async () => {
    server = await startLlmServer([{ text: "fine" }]);
    const ok = await openai({ model: "m", messages: [user("q"), call("call_a"), toolMsg("call_a")] });
    expect(ok.status).toBe(200);
    expect((await openai({ messages: [user("q")] })).status).toBe(400);
    const noKey = await openai({ model: "m", messages: [user("q")] }, { "content-type": "application/json" });
    expect(noKey.status).toBe(401);
    expect(server.requests).toHaveLength(3);
  });

  it("sends scripted HTTP errors with headers and the API's error shape", async () => {
    server = await startLlmServer([{ status: 429, headers: { "retry-after": "0" } }]);
    const res = await fetch(`${server.openaiBaseUrl}/chat/completions`, {
      method: "POST",
      headers: OPENAI_HEADERS,
      body: JSON.stringify({ model: "m", messages: [user("q")] }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("0");
    expect((await res.json()).error.type).toBe("rate_limit_error");
  });
});

describe("Anthropic endpoint", () => {
  it("streams message_start usage, text and input_json deltas, cumulative output tokens, message_stop", async () => {
    server = await startLlmServer([
      {
        text: "Let me look",
        toolCalls: [{ id: "toolu_1", name: "bash", arguments: { command: "ls" } }],
        usage: { prompt_tokens: 100, completion_tokens: 9, cache_read_tokens: 60, cache_creation_tokens: 10 },
      },
    ]);
    const res = await anthropic({ model: "claude-x", max_tokens: 100, stream: true, messages: [user("hi")] });
    expect(res.status).toBe(200);
    expect(res.text).toContain("event: message_start");
    const events = sseData(res.text);
    expect(events[0].message.usage).toEqual({
      input_tokens: 30,
      cache_read_input_tokens: 60,
      cache_creation_input_tokens: 10,
      // The split by TTL, as the API sends it.
      cache_creation: { ephemeral_5m_input_tokens: 10, ephemeral_1h_input_tokens: 0 },
      output_tokens: 1,
    });
    const deltas = events.filter((e) => e.type === "content_block_delta").map((e) => e.delta);
    expect(
      deltas
        .filter((d) => d.type === "text_delta")
        .map((d) => d.text)
        .join(""),
    ).toBe("Let me look");
    const json = deltas.filter((d) => d.type === "input_json_delta").map((d) => d.partial_json);
    expect(JSON.parse(json.join(""))).toEqual({ command: "ls" });
    const messageDelta = events.find((e) => e.type === "message_delta");
    expect(messageDelta).toMatchObject({ delta: { stop_reason: "tool_use" }, usage: { output_tokens: 9 } });
    expect(events.at(-1)!.type).toBe("message_stop");
  });

  const toolUseMsg = (id: string) => ({
    role: "assistant",
    content: [{ type: "tool_use", id, name: "bash", input: {} }],
  });
  const resultMsg = (id: string) => ({
    role: "user",
    content: [{ type: "tool_result", tool_use_id: id, content: "ok" }],
  });

  it.each([
    [
      "a dangling tool_use",
      { messages: [user("q"), toolUseMsg("toolu_a"), user("next")] },
      "tool_use ids were found without tool_result blocks immediately after: toolu_a",
    ],
    [
      "a tool_use at the end",
      { messages: [user("q"), toolUseMsg("toolu_a")] },
      "tool_use ids were found without tool_result blocks",
    ],
    [
      "a tool_result for an unknown id",
      { messages: [user("q"), toolUseMsg("toolu_a"), resultMsg("toolu_b")] },
      "unexpected tool_use_id found in tool_result blocks: toolu_b",
    ],
    [
      "an assistant first",
      { messages: [{ role: "assistant", content: "hi" }, user("q")] },
      'first message must use the "user" role',
    ],
    [
      "a system role message",
      { messages: [{ role: "system", content: "x" }] },
      "Input should be 'user' or 'assistant'",
    ],
    [
      "an empty text block",
      { messages: [{ role: "user", content: [{ type: "text", text: "" }] }] },
      "text content blocks must be non-empty",
    ],
    [
      "an id the API's pattern refuses",
      { messages: [user("q"), toolUseMsg("call.1"), resultMsg("call.1")] },
      "String should match pattern",
    ],
    ["a missing max_tokens", { max_tokens: undefined, messages: [user("q")] }, "max_tokens: Field required"],
  ])("rejects %s with the real 400", async (_name, overrides, expected) => {
    server = await startLlmServer();
    const res = await anthropic({ model: "claude-x", max_tokens: 50, ...overrides });
    expect(res.status).toBe(400);
    const body = JSON.parse(res.text);
    expect(body).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
    expect(body.error.message).toContain(expected);
    expect(server.rejections.map((r) => r.message)).toEqual([body.error.message]);
  });

  it("accepts a complete tool exchange, and checks x-api-key and anthropic-version", async () => {
    server = await startLlmServer([{ text: "fine" }]);
    const ok = await anthropic({
      model: "claude-x",
      max_tokens: 50,
      messages: [user("q"), toolUseMsg("toolu_a"), resultMsg("toolu_a"), user("and?")],
    });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toMatchObject({ type: "message", content: [{ type: "text", text: "fine" }] });
    const { "x-api-key": _k, ...noKey } = ANTHROPIC_HEADERS;
    expect((await anthropic({ model: "c", max_tokens: 5, messages: [user("q")] }, noKey)).status).toBe(401);
    const { "anthropic-version": _v, ...noVersion } = ANTHROPIC_HEADERS;
    expect((await anthropic({ model: "c", max_tokens: 5, messages: [user("q")] }, noVersion)).status).toBe(
      401,
    );
  });

  it("ends a stream without message_stop, and cuts the connection mid-stream", async () => {
    server = await startLlmServer([
      { fault: "stream-ends-without-finish", text: "half" },
      { fault: "reset-mid-stream", text: "cut" },
    ]);
    const body = { model: "claude-x", max_tokens: 50, stream: true, messages: [user("q")] };
    const ended = await anthropic(body);
    expect(ended.text).toContain('"text":"half"');
    expect(ended.text).not.toContain("message_stop");
    await expect(anthropic(body)).rejects.toThrow();
  });
});

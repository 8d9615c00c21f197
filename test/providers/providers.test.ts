// Both providers through their real SDKs against the scripted server: streaming, tool calls, usage,
// retries and their events, faults, timeouts, user-facing errors and abort.
import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import type { Message } from "../../src/messages/types.js";
import { createProvider, inferProvider } from "../../src/providers/index.js";
import type { Provider, ProviderEvent, ProviderName, ProviderOptions } from "../../src/providers/types.js";
import { type LlmServer, type ScriptedReply, startLlmServer } from "../support/llm-server.js";

let server: LlmServer;
afterEach(() => server?.close());

const MODEL: Record<ProviderName, string> = { openai: "gpt-4o", anthropic: "claude-test-model" };
const TS = "2024-01-01T12:00:00Z";
const ask = (text: string): Message[] => [{ role: "user", content: text, timestamp: TS }];

async function setup(provider: ProviderName, replies: ScriptedReply[], extra: Partial<ProviderOptions> = {}) {
  server = await startLlmServer(replies);
  const notices: string[] = [];
  const p = await createProvider({
    provider,
    apiKey: "sk-test-key",
    baseUrl: provider === "openai" ? server.openaiBaseUrl : server.url,
    retryBaseMs: 1,
    onNotice: (t) => notices.push(t),
    ...extra,
  });
  return { p, notices };
}

async function run(p: Provider, messages: Message[] = ask("hi"), signal?: AbortSignal) {
  const events: ProviderEvent[] = [];
  for await (const e of p.stream({
    model: MODEL[p.name],
    systemPrompt: "Be brief.",
    messages,
    tools: [],
    signal,
  }))
    events.push(e);
  const last = events.at(-1)!;
  const streamed = events.flatMap((e) => (e.type === "text_delta" ? [e.text] : [])).join("");
  return { events, last, streamed };
}

const doneMessage = (e: ProviderEvent) => {
  if (e.type !== "done") throw new Error(`expected done, got ${JSON.stringify(e)}`);
  return e.message;
};
const errorOf = (e: ProviderEvent) => {
  if (e.type !== "error") throw new Error(`expected error, got ${JSON.stringify(e)}`);
  return e;
};

describe.each(["openai", "anthropic"] as const)("%s provider", (name) => {
  it("streams text and returns the complete message with usage and stop reason", async () => {
    const { p } = await setup(name, [
      {
        text: "Hello from the model",
        usage: { prompt_tokens: 50, completion_tokens: 6, cache_read_tokens: 20 },
      },
    ]);
    const { events, last, streamed } = await run(p);
    expect(events.filter((e) => e.type === "text_delta").length).toBeGreaterThan(1);
    expect(streamed).toBe("Hello from the model");
    const msg = doneMessage(last);
    expect(msg).toMatchObject({
      role: "assistant",
      content: [{ type: "text", text: "Hello from the model" }],
      model: MODEL[name],
      usage: { prompt_tokens: 50, completion_tokens: 6, total_tokens: 56, cache_read_tokens: 20 },
      stop_reason: name === "openai" ? "stop" : "end_turn",
    });
    expect(msg.tool_calls).toBeUndefined();
    expect(msg.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const sent = server.requests[0]!;
    if (name === "openai") {
      expect(sent.body.stream_options).toEqual({ include_usage: true });
      expect(sent.body.messages[0]).toEqual({ role: "system", content: "Be brief." });
    } else {
      // Prompt caching is on by default: the system prompt is one block carrying a breakpoint.
      expect(sent.body).toMatchObject({
        system: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } }],
        max_tokens: 8192,
        stream: true,
      });
    }
  });

  it("reassembles tool calls split across chunks into argument objects", async () => {
    const { p } = await setup(name, [
      {
        toolCalls: [
          { id: "call_1", name: "bash", arguments: { command: "ls -la", timeout: 30 } },
          { id: "call_2", name: "read", arguments: { file_path: "/tmp/a b.txt" } },
        ],
      },
    ]);
    const msg = doneMessage((await run(p)).last);
    expect(msg.content).toEqual([]);
    expect(msg.tool_calls).toEqual([
      { id: "call_1", name: "bash", arguments: { command: "ls -la", timeout: 30 } },
      { id: "call_2", name: "read", arguments: { file_path: "/tmp/a b.txt" } },
    ]);
    expect(msg.stop_reason).toBe(name === "openai" ? "tool_calls" : "tool_use");
  });

  it("retries a 429 after the server's retry-after, without duplicating text", async () => {
    const { p, notices } = await setup(name, [
      { status: 429, headers: { "retry-after": "0" } },
      { fault: "reset-mid-stream", text: "Half of the" },
      { text: "The whole answer" },
    ]);
    const { events, last } = await run(p);
    const retries = events.filter((e) => e.type === "retry");
    expect(retries).toEqual([
      { type: "retry", attempt: 2, maxAttempts: 4, delayMs: 0, reason: "429 Too Many Requests" },
      expect.objectContaining({
        type: "retry",
        attempt: 3,
        reason: expect.stringContaining("connection error"),
      }),
    ]);
    expect(notices[0]).toBe("Retrying in 0.0s after 429 Too Many Requests (attempt 2/4)...");
    expect(doneMessage(last).content).toEqual([{ type: "text", text: "The whole answer" }]);
    expect(server.requests).toHaveLength(3);
  });

  it("retries a 500 and a stream that ends without its finish", async () => {
    const { p } = await setup(name, [
      { status: 500 },
      { fault: "stream-ends-without-finish", text: "cut short" },
      { text: "done" },
    ]);
    const { events, last } = await run(p);
    expect(events.filter((e) => e.type === "retry").map((e) => (e as { reason: string }).reason)).toEqual([
      "500 Internal Server Error",
      "the stream ended before the model finished",
    ]);
    expect(doneMessage(last).content).toEqual([{ type: "text", text: "done" }]);
  });

  it("gives up after maxAttempts with the server's status and message", async () => {
    const failing: ScriptedReply = { status: 503, headers: { "retry-after-ms": "1" } };
    const { p } = await setup(name, [failing, failing, failing], { maxAttempts: 3 });
    const err = errorOf((await run(p)).last);
    expect(err.aborted).toBe(false);
    expect(err.error.message).toContain(`${name} failed with HTTP 503 Service Unavailable after 3 attempts`);
    expect(server.requests).toHaveLength(3);
  });

  it("explains 401 and 404 without retrying", async () => {
    const { p } = await setup(name, [{ status: 401 }, { status: 404 }]);
    const keyEnv = name === "openai" ? "OPENAI_API_KEY" : "ANTHROPIC_API_KEY";
    expect(errorOf((await run(p)).last).error.message).toBe(
      `Invalid API key for ${name} (HTTP 401). Check ${keyEnv} or --api-key.`,
    );
    expect(errorOf((await run(p)).last).error.message).toBe(
      `Unknown model ${MODEL[name]} for ${name} (HTTP 404). Check --model.`,
    );
    expect(server.requests).toHaveLength(2);
  });

  it("fails with a timeout message when the server stays silent", async () => {
    const { p, notices } = await setup(name, [{ fault: "hang" }, { fault: "hang" }], {
      timeoutMs: 200,
      maxAttempts: 2,
    });
    const err = errorOf((await run(p)).last);
    expect(err.error.message).toBe(`${name} did not answer within 0.2s after 2 attempts`);
    expect(notices).toHaveLength(1);
  });

  it("stops at once on abort, returning the text streamed so far", async () => {
    const { p } = await setup(name, [{ text: "one two three four five six seven eight", chunkDelayMs: 30 }]);
    const controller = new AbortController();
    const events: ProviderEvent[] = [];
    const request = {
      model: MODEL[name],
      systemPrompt: "",
      messages: ask("hi"),
      tools: [],
      signal: controller.signal,
    };
    for await (const e of p.stream(request)) {
      events.push(e);
      if (e.type === "text_delta") controller.abort();
    }
    const err = errorOf(events.at(-1)!);
    expect(err.aborted).toBe(true);
    expect(err.partial?.content).toEqual([{ type: "text", text: "one " }]);
    expect(events.some((e) => e.type === "retry")).toBe(false);
  });

  it("surfaces the strict server's 400 for a tool call without its result", async () => {
    const { p } = await setup(name, [{ text: "never sent" }]);
    const dangling: Message[] = [
      ...ask("list files"),
      {
        role: "assistant",
        content: [],
        tool_calls: [{ id: "call_x", name: "bash", arguments: {} }],
        timestamp: TS,
      },
      ...ask("well?"),
    ];
    const err = errorOf((await run(p, dangling)).last);
    expect(err.error.message).toMatch(new RegExp(`^${name} rejected the request \\(HTTP 400\\): .*call_x`));
    expect(server.rejections).toHaveLength(1);
  });

  it("leaves no abort listener on the caller's signal once `done` is taken", async () => {
    const { p } = await setup(name, [{ text: "one" }, { text: "two" }, { text: "three" }]);
    const signal = new AbortController().signal;
    for (let i = 0; i < 3; i++) {
      // Take events up to `done` by hand, without closing the generator (as a loop may do).
      const events = p
        .stream({
          model: MODEL[name],
          systemPrompt: "",
          messages: ask("hi"),
          tools: [],
          signal,
        })
        [Symbol.asyncIterator]();
      for (
        let step = await events.next();
        !step.done && step.value.type !== "done";
        step = await events.next()
      );
    }
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
  });

  it("sends a placeholder key when only a base URL is given", async () => {
    const { p } = await setup(name, [{ text: "local" }], { apiKey: undefined });
    doneMessage((await run(p)).last);
    const headers = server.requests[0]!.headers;
    if (name === "openai") expect(headers.authorization).toBe("Bearer agenix-no-key");
    // @anthropic-ai/sdk 1.x sends the API key as a Bearer token.
    else expect(headers.authorization).toBe("Bearer agenix-no-key");
  });
});

describe("provider specifics", () => {
  it("the provider createProvider returns (with image reading) still says which models take a reasoning effort", async () => {
    const openai = await createProvider({ provider: "openai", apiKey: "sk-test" });
    expect(openai.supportsReasoning?.("o3-mini")).toBe(true);
    expect(openai.supportsReasoning?.("gpt-4o")).toBe(false);
    const anthropic = await createProvider({ provider: "anthropic", apiKey: "sk-ant-test" });
    expect(anthropic.supportsReasoning?.("claude-sonnet-4-5")).toBe(true);
    expect(anthropic.supportsReasoning?.("claude-3-5-haiku-latest")).toBe(false);
  });

  it("Anthropic: retries 529 Overloaded; usage counts cache reads and writes as prompt", async () => {
    const { p } = await setup("anthropic", [
      { status: 529 },
      {
        text: "ok",
        usage: { prompt_tokens: 100, completion_tokens: 9, cache_read_tokens: 60, cache_creation_tokens: 10 },
      },
    ]);
    const { events, last } = await run(p);
    expect(events.find((e) => e.type === "retry")).toMatchObject({ reason: "529 Overloaded" });
    expect(doneMessage(last).usage).toEqual({
      prompt_tokens: 100,
      completion_tokens: 9,
      total_tokens: 109,
      cache_read_tokens: 60,
      cache_creation_tokens: 10,
    });
  });

  it("OpenAI: arguments that are not JSON are kept raw for the tool to report", async () => {
    const { p } = await setup("openai", [
      { toolCalls: [{ id: "call_r", name: "bash", arguments: '{"command": "ls' }] },
    ]);
    expect(doneMessage((await run(p)).last).tool_calls).toEqual([
      { id: "call_r", name: "bash", arguments: { _raw: '{"command": "ls' } },
    ]);
  });

  it("a session written through OpenAI continues through Anthropic, ids rewritten consistently", async () => {
    const { p: openai } = await setup("openai", [
      { toolCalls: [{ id: "call:weird.id/1", name: "bash", arguments: { command: "ls" } }] },
    ]);
    const history: Message[] = ask("what is here?");
    history.push(doneMessage((await run(openai, history)).last));
    history.push({
      role: "tool",
      tool_call_id: "call:weird.id/1",
      name: "bash",
      content: "a.txt",
      is_error: false,
      timestamp: TS,
    });
    await server.close();
    const { p: anthropic } = await setup("anthropic", [{ text: "There is a.txt" }]);
    const msg = doneMessage((await run(anthropic, history)).last);
    expect(msg.content).toEqual([{ type: "text", text: "There is a.txt" }]);
    expect(server.rejections).toEqual([]);
    const [, assistant, results] = server.requests[0]!.body.messages;
    expect(results.content[0].tool_use_id).toBe(assistant.content[0].id);
    expect(assistant.content[0].id).toMatch(/^[a-zA-Z0-9_-]+$/);
  });

  it("reports a server that cannot be reached, after retrying", async () => {
    server = await startLlmServer();
    const baseUrl = server.openaiBaseUrl;
    await server.close();
    const p = await createProvider({ provider: "openai", baseUrl, maxAttempts: 2, retryBaseMs: 1 });
    const { events, last } = await run(p);
    expect(events.filter((e) => e.type === "retry")).toHaveLength(1);
    expect(errorOf(last).error.message).toBe(
      `Cannot reach openai at ${baseUrl}: ECONNREFUSED after 2 attempts`,
    );
  });

  it("infers the provider from the model name", () => {
    expect(inferProvider("claude-sonnet-4-5")).toBe("anthropic");
    expect(inferProvider("gpt-4o")).toBe("openai");
    expect(inferProvider("llama3.1:8b")).toBe("openai");
  });
});

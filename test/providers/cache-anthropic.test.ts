// Where the Anthropic cache breakpoints go (pure), and the scripted server's cache: strict like the
// real API (more than 4 breakpoints, one on a thinking block, a 1h after a 5m are refused) and reading
// a prefix only within its TTL.
import { describe, expect, it } from "vitest";
import { withCacheBreakpoints } from "../../src/providers/cache-anthropic.js";
import type { AnthropicWireMessage } from "../../src/providers/convert-anthropic.js";
import {
  AnthropicPromptCache,
  OpenAIPromptCache,
  validateAnthropicCacheControl,
} from "../support/llm-cache.js";

const tools = [
  { name: "read", description: "read a file", input_schema: { type: "object" } },
  { name: "bash", description: "run a command", input_schema: { type: "object" } },
];
const EPHEMERAL = { type: "ephemeral" };

function marks(parts: ReturnType<typeof withCacheBreakpoints>): string[] {
  const out: string[] = [];
  for (const [i, t] of parts.tools.entries()) if (t.cache_control) out.push(`tools.${i}`);
  for (const [i, b] of (Array.isArray(parts.system) ? parts.system : []).entries())
    if (b.cache_control) out.push(`system.${i}`);
  for (const [i, m] of parts.messages.entries())
    for (const [j, b] of m.content.entries()) if (b.cache_control) out.push(`messages.${i}.content.${j}`);
  return out;
}

describe("withCacheBreakpoints", () => {
  const history: AnthropicWireMessage[] = [
    { role: "user", content: [{ type: "text", text: "hi" }] },
    {
      role: "assistant",
      content: [
        { type: "thinking", thinking: "hmm", signature: "sig" },
        { type: "tool_use", id: "t1", name: "read", input: {} },
      ],
    },
    { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: "file" }] },
  ];

  it("marks the last tool, the system block and the last cacheable block of the newest two messages", () => {
    const parts = withCacheBreakpoints("system prompt", tools, history, {});
    expect(marks(parts)).toEqual(["tools.1", "system.0", "messages.1.content.1", "messages.2.content.0"]);
    expect(parts.system).toEqual([{ type: "text", text: "system prompt", cache_control: EPHEMERAL }]);
    // The inputs are left as they were.
    expect(JSON.stringify(history)).not.toContain("cache_control");
    expect(JSON.stringify(tools)).not.toContain("cache_control");
  });

  it("never marks a thinking block: a message of thinking blocks only gets no breakpoint", () => {
    const onlyThinking: AnthropicWireMessage[] = [
      { role: "user", content: [{ type: "text", text: "hi" }] },
      {
        role: "assistant",
        content: [
          { type: "thinking", thinking: "hmm", signature: "sig" },
          { type: "redacted_thinking", data: "xyz" },
        ],
      },
    ];
    const parts = withCacheBreakpoints("sys", tools, onlyThinking, {});
    expect(marks(parts)).toEqual(["tools.1", "system.0", "messages.0.content.0"]);
  });

  it("uses the 1h TTL on every breakpoint when asked, and at most 4 without tools or system", () => {
    const parts = withCacheBreakpoints("", [], history, { ttl: "1h" });
    expect(marks(parts)).toEqual(["messages.1.content.1", "messages.2.content.0"]);
    expect(parts.messages[2]!.content[0]!.cache_control).toEqual({ type: "ephemeral", ttl: "1h" });
    expect(parts.system).toBeUndefined();
  });

  it("off: no breakpoint, the system prompt as a plain string", () => {
    const parts = withCacheBreakpoints("sys", tools, history, false);
    expect(marks(parts)).toEqual([]);
    expect(parts.system).toBe("sys");
  });
});

describe("the scripted server's Anthropic cache", () => {
  const big = "x".repeat(8_000); // 2,000 tokens: over the 1,024-token minimum
  const request = (messages: unknown[], cc: object = EPHEMERAL) => ({
    model: "claude-sonnet-4-6",
    system: [{ type: "text", text: big, cache_control: cc }],
    messages,
  });

  it("refuses what the real API refuses", () => {
    const five = {
      tools: tools.map((t) => ({ ...t, cache_control: EPHEMERAL })),
      system: [{ type: "text", text: "s", cache_control: EPHEMERAL }],
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "a", cache_control: EPHEMERAL },
            { type: "text", text: "b", cache_control: EPHEMERAL },
          ],
        },
      ],
    };
    expect(validateAnthropicCacheControl(five)?.message).toBe(
      "A maximum of 4 blocks with cache_control may be provided. Found 5.",
    );
    const onThinking = {
      messages: [
        { role: "user", content: "hi" },
        {
          role: "assistant",
          content: [{ type: "thinking", thinking: "t", signature: "s", cache_control: EPHEMERAL }],
        },
      ],
    };
    expect(validateAnthropicCacheControl(onThinking)?.message).toBe(
      "messages.1.content.0.thinking.cache_control: Extra inputs are not permitted",
    );
    const order = {
      system: [{ type: "text", text: "s", cache_control: EPHEMERAL }],
      messages: [
        {
          role: "user",
          content: [{ type: "text", text: "a", cache_control: { type: "ephemeral", ttl: "1h" } }],
        },
      ],
    };
    expect(validateAnthropicCacheControl(order)?.message).toMatch(
      /^messages\.0\.content\.0\.cache_control\.ttl: a ttl='1h' cache_control block must not come after a ttl='5m'/,
    );
    expect(validateAnthropicCacheControl(request([{ role: "user", content: "hi" }]))).toBeUndefined();
  });

  it("writes a prefix at a breakpoint, reads it within 5 minutes (lookback included), and not after", () => {
    let now = 0;
    const cache = new AnthropicPromptCache(() => now);
    const first = cache.use(request([{ role: "user", content: "hi" }]));
    expect(first.cache_read_tokens).toBe(0);
    expect(first.cache_creation_tokens).toBeGreaterThanOrEqual(2_000);
    now += 4 * 60_000;
    const second = cache.use(
      request([
        { role: "user", content: "hi" },
        { role: "assistant", content: "yo" },
        { role: "user", content: "more" },
      ]),
    );
    expect(second.cache_read_tokens).toBe(first.cache_creation_tokens);
    now += 5 * 60_000 + 1; // past the TTL of the entry the second request refreshed
    expect(cache.use(request([{ role: "user", content: "hi" }])).cache_read_tokens).toBe(0);
    // Too short to cache: nothing written, nothing read.
    const small = new AnthropicPromptCache(() => now);
    const tiny = {
      model: "m",
      system: [{ type: "text", text: "short", cache_control: EPHEMERAL }],
      messages: [],
    };
    expect(small.use(tiny)).toEqual({ cache_read_tokens: 0, cache_creation_tokens: 0 });
    expect(small.use(tiny)).toEqual({ cache_read_tokens: 0, cache_creation_tokens: 0 });
  });

  it("keeps a 1h entry past 5 minutes", () => {
    let now = 0;
    const cache = new AnthropicPromptCache(() => now);
    const hour = { type: "ephemeral", ttl: "1h" };
    const written = cache.use(request([{ role: "user", content: "hi" }], hour));
    expect(written.cache_creation_tokens).toBeGreaterThan(0);
    expect(written.cache_creation_1h_tokens).toBe(written.cache_creation_tokens);
    now += 30 * 60_000;
    expect(cache.use(request([{ role: "user", content: "hi" }], hour)).cache_read_tokens).toBeGreaterThan(0);
  });
});

describe("the scripted server's OpenAI cache", () => {
  it("reports a byte-identical prefix of at least 1,024 tokens, in steps of 128", () => {
    const cache = new OpenAIPromptCache(() => 0);
    const system = { role: "system", content: "y".repeat(6_000) };
    expect(cache.use({ model: "gpt-4o", messages: [system, { role: "user", content: "a" }] })).toBe(0);
    const cached = cache.use({ model: "gpt-4o", messages: [system, { role: "user", content: "b" }] });
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect((cached - 1024) % 128).toBe(0);
    // One changed byte at the start: nothing cached.
    expect(
      cache.use({ model: "gpt-4o", messages: [{ role: "system", content: `z${system.content}` }] }),
    ).toBe(0);
    // Another model has its own cache.
    expect(cache.use({ model: "gpt-4.1", messages: [system] })).toBe(0);
  });
});

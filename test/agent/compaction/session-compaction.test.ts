// Compaction inside AgentSession, with a scripted in-memory provider: the freed-share guard, one
// retry after a context-length refusal (never a loop), hooks, a failing summary, the assumed window
// notice, what is sent after a compaction, and reasoning effort.
import { describe, expect, it } from "vitest";
import type { AgentEvent } from "../../../src/agent/events.js";
import { CompactionError, ContextWindowError, ProviderError } from "../../../src/errors.js";
import type { Message } from "../../../src/messages/types.js";
import type { ProviderEvent } from "../../../src/providers/types.js";
import { fakeProvider, reply, type Step } from "../fakes.js";
import { buildSession, collect, history, savedSession } from "../session-builder.js";

const tooLong: Step = () => [
  {
    type: "error",
    error: new ContextWindowError("too long", 400, "prompt is too long: 9000 tokens > 8000 maximum"),
    aborted: false,
  } satisfies ProviderEvent,
];

describe("compaction in AgentSession", () => {
  it("manual: records the compaction, saves it, and sends summary + kept messages next", async () => {
    const { s, provider, saves } = savedSession([reply("THE SUMMARY"), reply("ok")]);
    const seen: string[] = [];
    const record = await s.compact({ instructions: "focus", onEvent: (e) => seen.push(e.type) });
    expect(seen).toEqual(["compaction_start", "compaction_end"]);
    expect(record).toMatchObject({
      first_kept_index: 4,
      summary: "THE SUMMARY",
      trigger: "manual",
      model: "gpt-4o",
    });
    expect(saves.at(-1)!.compactions).toEqual([record]);
    expect(saves.at(-1)!.messages).toHaveLength(6);
    const summaryRequest = provider.requests[0]![0]!.content as string;
    expect(summaryRequest).toContain("focus");
    expect(summaryRequest).toContain("turn 1");
    expect(summaryRequest).not.toContain("turn 3");
    await s.prompt("next");
    const sent = provider.requests[1]!;
    expect(sent.map((m) => (m.role === "user" ? m.content.slice(0, 12) : m.role))).toEqual([
      "[Summary of ",
      "turn 3 xxxxx",
      "assistant",
      "next",
    ]);
  });

  it("a failing summary request leaves the session exactly as it was", async () => {
    const failing: Step = () => [
      { type: "error", error: new ProviderError("HTTP 500 boom"), aborted: false },
    ];
    const { s, saves } = savedSession([failing]);
    const before = structuredClone(s.getData());
    const error = await s.compact().catch((e) => e);
    expect(error).toBeInstanceOf(CompactionError);
    expect(error.message).toMatch(/summary request failed: HTTP 500 boom\. The session is unchanged/);
    expect(s.getData()).toEqual(before);
    expect(saves).toEqual([]);
  });

  it("refuses a compaction that would free under 5%, before paying for a summary", async () => {
    // One tiny old turn, one huge recent one: summarizing the old one frees almost nothing.
    const messages: Message[] = [...history(1, 10), ...history(1, 20_000).map((m) => ({ ...m }))];
    // The context (about 5,000 tokens) is over half the window: the recent messages fill it.
    const { s, provider } = savedSession(
      [reply("S")],
      { compaction: { enabled: true, contextWindow: 8_000 } },
      messages,
    );
    const error = await s.compact().catch((e) => e);
    expect(error).toBeInstanceOf(CompactionError);
    expect(error.kind).toBe("too_little");
    expect(error.message).toMatch(/would free only \d+% .*Start a new session/);
    expect(provider.requests).toHaveLength(0);
  });

  it("after a context-length refusal: compacts and retries once, then stops with a clear error", async () => {
    const { s, provider } = savedSession([tooLong, reply("SUMMARY"), tooLong, reply("never")], {
      compaction: { enabled: true, contextWindow: 1_000_000 },
    });
    const events = await collect(s.stream("go on"));
    expect(provider.requests).toHaveLength(3); // refused, summary, retry refused: no loop
    const end = events.find((e) => e.type === "agent_end");
    expect(end).toMatchObject({ stopReason: "error" });
    const error = events.find((e) => e.type === "error") as Extract<AgentEvent, { type: "error" }>;
    expect(error.error.message).toMatch(/still too long .* after compacting .*start a new session/);
    expect(events.filter((e) => e.type === "compaction_end")).toHaveLength(1);
    expect(s.getData().compactions).toHaveLength(1);
  });

  it("compaction off: the refusal says how to compact by hand", async () => {
    const { s, provider } = savedSession([tooLong], { compaction: { enabled: false } });
    const events = await collect(s.stream("go on"));
    expect(provider.requests).toHaveLength(1);
    const error = events.find((e) => e.type === "error") as Extract<AgentEvent, { type: "error" }>;
    expect(error.error.message).toContain("Automatic compaction is off");
    expect(error.error.message).toContain("/compact");
  });

  it("hooks: before_compact may supply the summary or cancel; compact is told the record", async () => {
    const told: unknown[] = [];
    const { s, provider } = savedSession([reply("unused")], {
      hooks: {
        beforeCompact: (ctx) =>
          ctx.instructions === "cancel" ? { cancel: true } : { summary: `hook saw ${ctx.messages.length}` },
        onCompact: (record) => {
          told.push(record);
        },
      },
    });
    await expect(s.compact({ instructions: "cancel" })).rejects.toThrow(/cancelled by an extension/);
    const record = await s.compact();
    expect(record.summary).toBe("hook saw 4");
    expect(record.usage).toBeUndefined();
    expect(told).toEqual([record]);
    expect(provider.requests).toHaveLength(0);
  });

  it("auto: compacts before the request when the estimate passes window - reserve", async () => {
    const { s, provider } = savedSession([reply("AUTO SUMMARY"), reply("answer")], {
      compaction: { enabled: true, contextWindow: 4000 },
    });
    const events = await collect(s.stream("more"));
    expect(events.map((e) => e.type)).toContain("compaction_start");
    expect((provider.requests[1]![0] as { content: string }).content).toContain("AUTO SUMMARY");
    expect(s.getData().compactions![0]!.trigger).toBe("auto");
    const usage = await s.contextUsage();
    expect(usage.contextWindow).toBe(4000);
    // The fake reports 10 prompt + 5 completion tokens for the last answer: that is the estimate now.
    expect(usage).toEqual({ tokens: 15, contextWindow: 4000, percent: 0 });
  });

  it("an unknown model's window is assumed once, with a notice, only when it matters", async () => {
    const notices: string[] = [];
    const big = history(40, 16_000); // ~160,000 tokens: past half of 128,000
    const { s } = savedSession(
      [reply("S"), reply("ok"), reply("ok2")],
      {
        compaction: { enabled: true },
        contextWindowFor: async () => undefined,
        onNotice: (n) => notices.push(n.text),
      },
      big,
    );
    await s.prompt("one");
    await s.prompt("two");
    expect(notices.filter((t) => t.includes("not in agenix's model catalog"))).toHaveLength(1);
    expect(notices[0]).toContain("assuming 128,000 tokens");
  });

  it("reasoning effort: sent to models that take it, a one-time notice elsewhere", async () => {
    const requests: unknown[] = [];
    const provider = {
      ...fakeProvider([reply("a")]),
      supportsReasoning: (model: string) => model.startsWith("o3"),
    };
    const stream = provider.stream.bind(provider);
    provider.stream = (request) => {
      requests.push(request.reasoningEffort);
      return stream(request);
    };
    const notices: string[] = [];
    const s = buildSession(provider, {
      maxTurns: 2,
      reasoningEffort: "high",
      onNotice: (n) => notices.push(n.text),
    });
    await s.prompt("a");
    await s.prompt("b");
    s.model = "o3-mini";
    await s.prompt("c");
    expect(requests).toEqual([undefined, undefined, "high"]);
    expect(notices.filter((n) => n.includes('reasoning effort "high" is ignored for gpt-4o'))).toHaveLength(
      1,
    );
  });
});

// The request guard around every model request of a session: the budget is checked before compaction
// summaries and loop turns alike (nothing is sent once it would be crossed), the spend is counted from
// each answer, the session id is the cache key, and fallbacks only follow overload, rate limits and 5xx.
import { describe, expect, it } from "vitest";
import {
  type BudgetCheck,
  guardProvider,
  isFallbackWorthy,
  type RequestBudget,
} from "../../src/agent/request-guard.js";
import { RunBudget } from "../../src/analysis/budget.js";
import { BudgetExceededError, ProviderError } from "../../src/errors.js";
import type { AssistantMessage } from "../../src/messages/types.js";
import type { ProviderRequest } from "../../src/providers/types.js";
import { fakeProvider, reply } from "./fakes.js";
import { buildSession, collect, history, sessionData, T } from "./session-builder.js";

/** A budget that allows `n` requests and records what it saw. */
function countingBudget(n: number): RequestBudget & { checks: BudgetCheck[]; recorded: AssistantMessage[] } {
  const checks: BudgetCheck[] = [];
  const recorded: AssistantMessage[] = [];
  return {
    limitUsd: 1,
    get spentUsd() {
      return recorded.length * 0.6;
    },
    checks,
    recorded,
    allows(check) {
      checks.push(check);
      return checks.length <= n;
    },
    minimumCost: () => 0.5,
    record: (message) => {
      recorded.push(message);
    },
  };
}

describe("the request guard in AgentSession", () => {
  it("checks the budget before a compaction's summary request and sends nothing over it", async () => {
    const provider = fakeProvider([reply("SUMMARY")]);
    const budget = countingBudget(0);
    const s = buildSession(provider, {
      budget,
      data: sessionData(history(3)),
      compaction: { enabled: true, contextWindow: 8000 },
    });
    const error = await s.compact().catch((e) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error.message).toBe(
      "Stopped: the budget of $1.00 is spent ($0.00 used; the next request would cost at least $0.50). Raise it with --max-budget-usd (or settings maxBudgetUsd) to continue.",
    );
    expect(provider.requests).toEqual([]);
    expect(budget.checks[0]).toMatchObject({ model: "gpt-4o", provider: "openai" });
    expect(s.getData().compactions).toBeUndefined();
  });

  it("stops the loop with stop reason budget after the answers it allowed, counting each", async () => {
    const provider = fakeProvider([reply("one", [{ id: "c1", name: "t", arguments: {} }]), reply("two")]);
    const budget = countingBudget(1);
    const s = buildSession(provider, { budget });
    const events = await collect(s.stream("go"));
    expect(events.at(-1)).toMatchObject({ type: "agent_end", stopReason: "budget" });
    expect(provider.requests).toHaveLength(1);
    expect(budget.recorded).toHaveLength(1);
    // The second check knows the first request's size: the part the cache may hold.
    expect(budget.checks[1]!.cachedTokens).toBe(budget.checks[0]!.promptTokens);
    await expect(s.prompt("again")).rejects.toBeInstanceOf(BudgetExceededError);
  });
});

describe("guardProvider", () => {
  it("sends the cache key and tries fallbacks only after 429, 529 and 5xx", async () => {
    const seen: ProviderRequest[] = [];
    const failing = (status: number) =>
      fakeProvider([
        (r) => {
          seen.push(r);
          return [{ type: "error", error: new ProviderError("x", status, true), aborted: false }];
        },
      ]);
    const fallback = fakeProvider([
      (r) => {
        seen.push(r);
        return reply("fine")(r);
      },
    ]);
    for (const [status, fallsBack] of [
      [529, true],
      [429, true],
      [503, true],
      [400, false],
      [401, false],
    ] as const) {
      seen.length = 0;
      const guarded = guardProvider(failing(status), {
        providerFor: async () => fallback,
        fallbackModels: ["backup"],
        cacheKey: () => "sess-1",
        notice: () => {},
      });
      const events = [];
      for await (const e of guarded.stream({ model: "main", systemPrompt: "", messages: [], tools: [] }))
        events.push(e);
      expect(events.at(-1)!.type).toBe(fallsBack ? "done" : "error");
      expect(seen.map((r) => r.model)).toEqual(fallsBack ? ["main", "backup"] : ["main"]);
      expect(seen.every((r) => r.cacheKey === "sess-1")).toBe(true);
    }
    expect(isFallbackWorthy(new ProviderError("conn"))).toBe(false);
  });
});

describe("RunBudget", () => {
  it("prices answers with cache reads at their rate and the next request's floor from the cached prefix", () => {
    const budget = new RunBudget(1);
    budget.record(
      {
        role: "assistant",
        content: [],
        model: "claude-sonnet-4-6",
        usage: {
          prompt_tokens: 100_000,
          completion_tokens: 1000,
          total_tokens: 101_000,
          cache_read_tokens: 90_000,
        },
        timestamp: T,
      },
      "anthropic",
    );
    expect(budget.spentUsd).toBeCloseTo((10_000 * 3 + 90_000 * 0.3 + 1000 * 15) / 1e6, 9);
    const check = {
      model: "claude-sonnet-4-6",
      provider: "anthropic",
      promptTokens: 100_000,
      cachedTokens: 90_000,
    };
    expect(budget.minimumCost(check)).toBeCloseTo((90_000 * 0.3 + 10_000 * 3 + 15) / 1e6, 9);
    expect(budget.allows(check)).toBe(true);
    const warnings: string[] = [];
    const unknown = new RunBudget(1, (w) => warnings.push(w));
    expect(unknown.minimumCost({ ...check, model: "no-such-model-xyz" })).toBe(0);
    expect(warnings).toEqual([
      "Warning: no price is known for no-such-model-xyz, so its requests do not count towards --max-budget-usd.",
    ]);
  });
});

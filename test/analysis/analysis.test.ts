import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PRICES_PACKAGE, PRICES_VERSION } from "../../src/analysis/cost.js";
import { estimateCost, formatCost, formatStats, sessionStats, tokenUsage } from "../../src/analysis/stats.js";
import type { AssistantMessage, SessionData } from "../../src/messages/types.js";
import { specExample, workSession } from "./sample-sessions.js";

function oneMessage(model: string, usage: AssistantMessage["usage"]): SessionData {
  return {
    ...specExample(),
    model,
    messages: [
      { role: "assistant", content: [], model, usage, timestamp: "2025-06-01T12:00:00Z" } as AssistantMessage,
    ],
  };
}

describe("tokenUsage", () => {
  it("sums assistant usage; messages without usage count 0", () => {
    expect(tokenUsage(specExample())).toEqual({
      prompt_tokens: 0,
      completion_tokens: 0,
      total_tokens: 0,
      cache_read_tokens: 0,
      cache_creation_tokens: 0,
    });
    expect(tokenUsage(workSession())).toEqual({
      prompt_tokens: 6600,
      completion_tokens: 430,
      total_tokens: 7030,
      cache_read_tokens: 3100,
      cache_creation_tokens: 500,
    });
  });
});

describe("sessionStats", () => {
  it("gives the spec's five counts for the spec's example", () => {
    expect(sessionStats(specExample())).toMatchObject({
      total_messages: 4,
      user_messages: 1,
      assistant_messages: 2,
      tool_calls: 1,
      tool_results: 1,
      duration_seconds: 3,
      tool_calls_by_name: { bash: 1 },
      tool_errors: 0,
    });
  });

  it("counts calls per tool, tool errors and duration", () => {
    const stats = sessionStats(workSession());
    expect(stats).toMatchObject({
      total_messages: 8,
      user_messages: 2,
      assistant_messages: 3,
      tool_calls: 3,
      tool_results: 3,
      tool_calls_by_name: { bash: 2, read: 1 },
      tool_errors: 1,
      duration_seconds: 125,
    });
    const text = formatStats(stats);
    expect(text).toMatch(/^Messages: 8$/m);
    expect(text).toMatch(/^Tool calls: 3$/m);
    expect(text).toMatch(/^Total tokens: 7030$/m);
    expect(text).toContain("Duration: 2m 5s");
    expect(text).toContain("bash 2, read 1");
  });
});

describe("estimateCost", () => {
  it("prices a known model above zero, with cached input cheaper than fresh input", () => {
    const fresh = estimateCost(
      oneMessage("gpt-4o", { prompt_tokens: 1e6, completion_tokens: 0, total_tokens: 1e6 }),
    );
    const cached = estimateCost(
      oneMessage("gpt-4o", {
        prompt_tokens: 1e6,
        completion_tokens: 0,
        total_tokens: 1e6,
        cache_read_tokens: 8e5,
      }),
    );
    expect(fresh.complete).toBe(true);
    expect(fresh.total_usd).toBeGreaterThan(0);
    expect(cached.total_usd).toBeGreaterThan(0);
    expect(cached.total_usd).toBeLessThan(fresh.total_usd);
    const model = cached.models[0]!;
    expect(model).toMatchObject({ model: "gpt-4o", provider: "openai", known: true, cache_read_tokens: 8e5 });
    expect(model.price_per_million!.cache_read!).toBeLessThan(model.price_per_million!.input);
    // The per-million rates explain the figure: 200k fresh + 800k cached input.
    const p = model.price_per_million!;
    expect(model.cost_usd).toBeCloseTo((2e5 * p.input + 8e5 * p.cache_read!) / 1e6, 10);
  });

  it("reports a model with no known price as unknown with its tokens, and the total as incomplete", () => {
    const report = estimateCost(
      oneMessage("my-local-llama-7b", { prompt_tokens: 500, completion_tokens: 20, total_tokens: 520 }),
    );
    expect(report.complete).toBe(false);
    expect(report.unknown_models).toEqual(["my-local-llama-7b"]);
    expect(report.total_usd).toBe(0);
    expect(report.models[0]).toMatchObject({
      known: false,
      cost_usd: null,
      price_per_million: null,
      prompt_tokens: 500,
      completion_tokens: 20,
    });
    const text = formatCost(report);
    expect(text).toContain("my-local-llama-7b");
    expect(text).toContain("unknown");
    expect(text).toMatch(/Estimated cost: \$0\.0000 \(incomplete: no price known for my-local-llama-7b\)/);
  });

  it("prices each message by its own model, falling back to the session's", () => {
    const report = estimateCost(workSession("gpt-4o"));
    expect(report.complete).toBe(true);
    expect(report.models.map((m) => [m.model, m.messages, m.provider])).toEqual([
      ["gpt-4o", 2, "openai"],
      ["claude-sonnet-4-20250514", 1, "anthropic"],
    ]);
    const [gpt, claude] = report.models;
    expect(claude!.cache_creation_tokens).toBe(500);
    expect(claude!.price_per_million!.cache_write!).toBeGreaterThan(claude!.price_per_million!.input);
    expect(report.total_usd).toBeCloseTo(gpt!.cost_usd! + claude!.cost_usd!, 12);
    // A message without its own model is priced as the session's model.
    const session = workSession("gpt-4o");
    for (const m of session.messages) if (m.role === "assistant") delete m.model;
    expect(estimateCost(session).models.map((m) => m.model)).toEqual(["gpt-4o"]);
  });

  it("names its price source in the report and the text", () => {
    const report = estimateCost(workSession());
    const text = formatCost(report);
    expect(text).toMatch(/^Estimated cost: \$\d+\.\d{4}$/m);
    expect(text).toContain(`${PRICES_PACKAGE}@${PRICES_VERSION}`);
    expect(report.source).toMatchObject({ package: PRICES_PACKAGE, version: PRICES_VERSION });
  });

  it("states the installed price package's version", () => {
    const pkg = JSON.parse(readFileSync("node_modules/@pydantic/genai-prices/package.json", "utf8"));
    expect(pkg.version).toBe(PRICES_VERSION);
  });
});

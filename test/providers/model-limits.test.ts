// What a model accepts beyond the common request: Anthropic output limits and thinking by family.
import { describe, expect, it } from "vitest";
import {
  anthropicOutputLimit,
  supportsAnthropicThinking,
  thinkingBudget,
} from "../../src/providers/model-limits.js";

describe("model limits", () => {
  it("Anthropic output limits and thinking support by family", () => {
    expect(anthropicOutputLimit("claude-3-haiku-20240307")).toBe(4096);
    expect(anthropicOutputLimit("claude-3-5-sonnet-latest")).toBe(8192);
    expect(anthropicOutputLimit("claude-sonnet-4-5")).toBe(64_000);
    expect(anthropicOutputLimit("claude-opus-4-1")).toBe(32_000);
    expect(supportsAnthropicThinking("claude-3-5-sonnet-latest")).toBe(false);
    expect(supportsAnthropicThinking("claude-3-7-sonnet-latest")).toBe(true);
    expect(supportsAnthropicThinking("claude-opus-4-1")).toBe(true);
    expect(thinkingBudget("high", 4096)).toBe(3072);
    expect(thinkingBudget("low", 64_000)).toBe(2048);
  });
});

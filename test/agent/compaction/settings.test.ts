// Compaction settings and the model catalog: parsing with the setting's name in every error, the
// quarter-of-the-window caps, the generated catalog in step with the installed package.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { catalogContextWindow, matches } from "../../../src/analysis/model-catalog.js";
import { compactionLimits, resolveCompactionSettings } from "../../../src/compaction-settings.js";
import { resolveSettings } from "../../../src/config.js";
import { ConfigError, UsageError } from "../../../src/errors.js";
import {
  anthropicOutputLimit,
  supportsAnthropicThinking,
  thinkingBudget,
} from "../../../src/providers/model-limits.js";
import { createSession } from "../../../src/sdk.js";

describe("compaction settings", () => {
  it("reads AGENIX_CONTEXT_WINDOW over the given window, and AGENIX_AUTO_COMPACT", () => {
    expect(
      resolveCompactionSettings({ contextWindow: 50_000 }, { AGENIX_CONTEXT_WINDOW: "8000" }),
    ).toMatchObject({
      enabled: true,
      contextWindow: 8000,
    });
    expect(resolveCompactionSettings({ enabled: true }, { AGENIX_AUTO_COMPACT: "off" }).enabled).toBe(false);
    expect(resolveCompactionSettings({}, {}).contextWindow).toBeUndefined();
  });

  it.each([
    ["abc", /Invalid AGENIX_CONTEXT_WINDOW: "abc"/],
    ["-1", /Invalid AGENIX_CONTEXT_WINDOW: "-1"/],
    ["0", /Invalid AGENIX_CONTEXT_WINDOW: "0"/],
  ])("AGENIX_CONTEXT_WINDOW=%s is refused", (value, message) => {
    expect(() => resolveCompactionSettings({}, { AGENIX_CONTEXT_WINDOW: value })).toThrow(message);
    expect(() => resolveCompactionSettings({}, { AGENIX_CONTEXT_WINDOW: value })).toThrow(ConfigError);
  });

  it("a reserve or keep that does not fit the window fails, naming the setting", () => {
    expect(() => resolveCompactionSettings({ contextWindow: 8000, reserveTokens: 9000 }, {})).toThrow(
      /compaction.reserveTokens \(9000\) must be smaller than the context window/,
    );
    expect(() =>
      resolveCompactionSettings({ reserveTokens: 9000 }, { AGENIX_CONTEXT_WINDOW: "8000" }),
    ).toThrow(/compaction.reserveTokens/);
    expect(() => resolveCompactionSettings({ contextWindow: 8000, keepRecentTokens: 8000 }, {})).toThrow(
      /compaction.keepRecentTokens/,
    );
    expect(() => resolveCompactionSettings({ reserveTokens: -3 }, {})).toThrow(
      /Invalid compaction.reserveTokens/,
    );
  });

  it("caps the default reserve and keep at a quarter of a small window", () => {
    expect(compactionLimits({ enabled: true }, 6000)).toEqual({
      contextWindow: 6000,
      reserveTokens: 1500,
      keepRecentTokens: 1500,
    });
    expect(compactionLimits({ enabled: true }, 200_000)).toEqual({
      contextWindow: 200_000,
      reserveTokens: 16_384,
      keepRecentTokens: 20_000,
    });
    expect(compactionLimits({ enabled: true, reserveTokens: 3000 }, 6000).reserveTokens).toBe(3000);
  });

  it("the SDK fails at start on a reserve larger than the window", async () => {
    await expect(
      createSession({ save: false, apiKey: "k", compaction: { contextWindow: 1000, reserveTokens: 2000 } }),
    ).rejects.toThrow(/compaction.reserveTokens \(2000\)/);
  });

  it("--reasoning-effort and AGENIX_REASONING_EFFORT", () => {
    expect(resolveSettings({ reasoningEffort: "HIGH" }, {}, "/").reasoningEffort).toBe("high");
    expect(resolveSettings({}, { AGENIX_REASONING_EFFORT: "low" }, "/").reasoningEffort).toBe("low");
    expect(
      resolveSettings({ reasoningEffort: "medium" }, { AGENIX_REASONING_EFFORT: "low" }, "/").reasoningEffort,
    ).toBe("medium");
    expect(() => resolveSettings({ reasoningEffort: "max" }, {}, "/")).toThrow(UsageError);
    expect(() => resolveSettings({}, { AGENIX_REASONING_EFFORT: "max" }, "/")).toThrow(ConfigError);
  });
});

describe("model catalog", () => {
  it("is generated from the installed @pydantic/genai-prices (run scripts/gen-model-catalog.mjs after upgrading)", () => {
    expect(
      execFileSync(process.execPath, ["scripts/gen-model-catalog.mjs", "--check"], { encoding: "utf8" }),
    ).toBe("current\n");
  });

  it("knows the windows of common models, dated names included; unknown models get undefined", async () => {
    expect(await catalogContextWindow("gpt-4o", "openai")).toBe(128_000);
    expect(await catalogContextWindow("gpt-4o-2024-08-06", "openai")).toBe(128_000);
    expect(await catalogContextWindow("claude-sonnet-4-5-20250929", "anthropic")).toBe(200_000);
    expect(await catalogContextWindow("my-local-llama:8b", "openai")).toBeUndefined();
  });

  it("applies the catalog's match rules", () => {
    expect(matches({ or: [{ equals: "a" }, { starts_with: "b-" }] }, "b-1")).toBe(true);
    expect(matches({ and: [{ contains: "x" }, { ends_with: "z" }] }, "axz")).toBe(true);
    expect(matches({ regex: "^gpt-\\d" }, "gpt-5")).toBe(true);
    expect(matches({ regex: "(" }, "x")).toBe(false);
  });

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

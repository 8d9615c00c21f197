// The model catalog: generated in step with the installed package, its windows and match rules.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { catalogContextWindow, matches } from "../../src/analysis/model-catalog.js";

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
});

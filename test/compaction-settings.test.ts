// The compaction limits for a window: the quarter-of-the-window caps on the default reserve and keep.
// (Parsing the settings is the run options table's: test/run/.)
import { describe, expect, it } from "vitest";
import { compactionLimits } from "../src/compaction-settings.js";
import { createSession } from "../src/sdk.js";

describe("compaction limits", () => {
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
});

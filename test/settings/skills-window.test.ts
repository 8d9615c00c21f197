// The skills listing's budget follows the model's context window (about 2% of it).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadRunCustomization } from "../../src/run/customization.js";
import { runConfigFor } from "../support/run-config.js";

describe("skills listing budget", () => {
  it("uses the configured window, else the model's catalog window, else 128,000", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "agenix-skills-window-"));
    const budgetOf = async (model: string | undefined, env?: string) => {
      const before = process.env.AGENIX_CONTEXT_WINDOW;
      if (env === undefined) delete process.env.AGENIX_CONTEXT_WINDOW;
      else process.env.AGENIX_CONTEXT_WINDOW = env;
      try {
        const config = await runConfigFor({ workingDir: dir, env: process.env, options: { model } });
        const custom = await loadRunCustomization({ config, home: dir, reservedToolNames: [] });
        await custom.close();
        return custom.skillsBudget;
      } finally {
        if (before === undefined) delete process.env.AGENIX_CONTEXT_WINDOW;
        else process.env.AGENIX_CONTEXT_WINDOW = before;
      }
    };
    expect(await budgetOf(undefined)).toBe(2560);
    expect(await budgetOf(undefined, "50000")).toBe(1000);
    const claude = await budgetOf("claude-sonnet-4-6");
    expect(claude).toBeGreaterThan(2560); // a 200,000-token (or larger) window
  });
});

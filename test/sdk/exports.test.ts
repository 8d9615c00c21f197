// The package's public names (src/sdk.ts is what dist/sdk.js, the package's main, is built from).
// Types are checked by exports-types.ts under `npm run typecheck`.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as sdk from "../../src/sdk.js";

describe("SDK exports", () => {
  it("exports the functions and classes the docs name", () => {
    const names = Object.keys(sdk);
    for (const name of [
      "createSession",
      "AgentSession",
      "SessionManager",
      "runAgentLoop",
      "defineTool",
      "ToolError",
      "builtinTools",
      "isoNow",
      "tokenUsage",
      "sessionStats",
      "formatStats",
      "estimateCost",
      "formatCost",
      "redactSession",
      "redactText",
      "SessionNotFoundError",
      "SessionLoadError",
      "SessionLockedError",
      "SessionSaveError",
      "ProviderError",
    ])
      expect(names, name).toContain(name);
  });

  it("createSession is the SDK's (AgentSession), not the storage layer's", () => {
    expect(typeof sdk.createSession).toBe("function");
    expect("createSession" in sdk.SessionManager.prototype).toBe(false);
    expect(typeof sdk.SessionManager.prototype.createSessionData).toBe("function");
  });

  it("builtinTools() are the eight tools; a defineTool tool validates its arguments", async () => {
    expect(
      sdk
        .builtinTools()
        .map((tool) => tool.name)
        .join(" "),
    ).toBe("read write edit bash grep glob bash_output kill_shell web_fetch todo_write");
    const shout = sdk.defineTool({
      name: "shout",
      description: "Upper-cases a text.",
      schema: z.object({ text: z.string() }),
      async execute({ text }) {
        return { content: text.toUpperCase() };
      },
    });
    const ctx = { workingDir: process.cwd(), signal: new AbortController().signal };
    expect((await shout.run({ text: "hi" }, ctx)).content).toBe("HI");
    const bad = await shout.run({ text: 3 }, ctx);
    expect(bad.isError).toBe(true);
    expect(bad.content).toContain("text");
  });
});

// The user's own setup in the real terminal UI: /context, /skills, /mcp, /extensions, a custom
// command with arguments, and an extension command, against the scripted model.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, type TempHome } from "../support/cli.js";
import type { LlmServer } from "../support/llm-server.js";
import { tmuxFixture } from "./tmux-fixture.js";

const tmux = tmuxFixture();
let home: TempHome;
let server: LlmServer;

function put(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

describe("interactive: context, skills, commands, MCP and extensions", () => {
  it("shows what was loaded and runs a custom command and an extension command", async () => {
    ({ home, server } = await tmux.setup([{ text: "Reviewed PR 42." }]));
    home.env.AGENIX_MCP_WAIT_MS = "60000"; // /mcp waits for the server, however slow the machine

    put(path.join(home.workDir, "AGENTS.md"), "Use tabs.");
    put(
      path.join(home.home, ".agenix", "skills", "release", "SKILL.md"),
      "---\nname: release\ndescription: Cut a release\n---\nSteps.\n",
    );
    put(
      path.join(home.workDir, ".agenix", "commands", "review.md"),
      "---\ndescription: Review a PR\n---\nReview PR $1.",
    );
    put(
      path.join(home.home, ".agenix", "settings.json"),
      JSON.stringify({
        mcpServers: {
          test: {
            command: process.execPath,
            args: [path.join(repoRoot, "test/support/mcp-stdio-server.mjs")],
          },
        },
      }),
    );
    put(
      path.join(home.home, ".agenix", "extensions", "hi.ts"),
      `export default (api: any) => {
        api.registerCommand("hi", { description: "say hi", handler: (a: string) => "hi " + a });
        api.on("session_start", () => api.notify("extension ready"));
      };`,
    );
    const pane = tmux.open();
    await pane.waitFor("hi.ts: extension ready");

    pane.type("/context");
    pane.keys("Enter");
    await pane.waitFor(/AGENTS\.md {2}\d+ tokens/);
    expect(pane.screen()).toMatch(/System prompt in total: \d+ tokens\./);

    pane.type("/skills");
    pane.keys("Enter");
    await pane.waitFor("/release  Cut a release");
    expect(pane.screen()).toContain("/review  Review a PR");

    pane.type("/mcp");
    pane.keys("Enter");
    await pane.waitFor("status: ready, 3 tools");

    pane.type("/hi there");
    pane.keys("Enter");
    await pane.waitFor("hi there");

    pane.type("/review 42");
    pane.keys("Enter");
    await pane.waitFor("Reviewed PR 42.");
    const sent = server.requests[0]!.body;
    expect(sent.messages.at(-1)).toMatchObject({ role: "user", content: "Review PR 42." });
    expect(sent.messages[0].content).toContain("Use tabs.");
    expect(sent.tools.map((t: { function: { name: string } }) => t.function.name)).toContain(
      "mcp__test__echo",
    );
  });

  it("asks before loading an untrusted project's .agenix/extensions/, and loads it once trusted", async () => {
    ({ home, server } = await tmux.setup([]));
    const marker = path.join(home.home, "loaded");
    put(
      path.join(home.workDir, ".agenix", "extensions", "x.mjs"),
      `import { writeFileSync } from "node:fs"; writeFileSync(${JSON.stringify(marker)}, "1");
      export default (api) => api.on("session_start", () => api.notify("project extension up"));`,
    );
    const pane = tmux.open();
    await pane.waitFor(
      /can run code or widen permissions:\s+\.agenix\/extensions\/ \(code: x\.mjs\)\s+Trust this folder/,
    );
    expect(existsSync(marker)).toBe(false);
    pane.type("y");
    pane.keys("Enter");
    await pane.waitFor("x.mjs: project extension up");
    expect(existsSync(marker)).toBe(true);
  });
});

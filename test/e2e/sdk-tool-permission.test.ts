// A custom SDK tool's permission declaration reaches the permission check: a tool that reads the
// path it is given is decided as a read (a secret asks, and without canUseTool is refused; a plain
// file runs), with no permission file knowing the tool or its argument names.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { type AgentEvent, builtinTools, createSession, defineTool } from "../../src/sdk.js";
import type { TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

const opened: string[] = [];
const peek = defineTool({
  name: "peek",
  description: "Shows the first line of a file.",
  schema: z.object({ target: z.string() }),
  permission: { kind: "read", paths: (input) => (typeof input.target === "string" ? [input.target] : []) },
  async execute(args) {
    opened.push(args.target);
    return { content: `peeked ${args.target}` };
  },
});

describe("a custom tool's permission declaration", () => {
  it("is decided as what it declares: a secret path is refused without canUseTool, a plain file runs", async () => {
    writeFileSync(path.join(home.workDir, ".env"), "TOKEN=x\n");
    writeFileSync(path.join(home.workDir, "notes.md"), "# notes\n");
    server.push(
      {
        toolCalls: [
          { id: "a", name: "peek", arguments: { target: ".env" } },
          { id: "b", name: "peek", arguments: { target: "notes.md" } },
        ],
      },
      { text: "done" },
    );
    const session = await createSession({
      apiKey: "sk-sdk-test",
      baseUrl: server.openaiBaseUrl,
      workingDir: home.workDir,
      save: false,
      permissionMode: "plan",
      tools: [...builtinTools(), peek],
    });
    const seen: AgentEvent[] = [];
    for await (const event of session.stream("peek at both")) seen.push(event);
    await session.close();
    const denied = seen.flatMap((e) => (e.type === "tool_denied" ? [e.denial] : []));
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ tool: "peek", allowWith: ["read(.env)"] });
    expect(opened).toEqual(["notes.md"]);
    const results = server.requests.at(-1)!.body.messages.filter((m: { role: string }) => m.role === "tool");
    expect(results.map((m: { content: string }) => m.content.split("\n")[0])).toEqual([
      expect.stringContaining("Permission denied: peek(.env) was not run."),
      "peeked notes.md",
    ]);
  });
});

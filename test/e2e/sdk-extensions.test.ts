// Extensions through the SDK: a function extension registers a tool, blocks a call and hears the
// lifecycle, against the real provider code and the scripted server.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type AgentNotice, createSession, type ExtensionAPI } from "../../src/sdk.js";
import type { TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

describe("SDK createSession({extensions})", () => {
  it("takes extension functions and module paths", async () => {
    const events: string[] = [];
    const notices: AgentNotice[] = [];
    const file = path.join(home.workDir, "count.ts");
    writeFileSync(
      file,
      `export default (api: any) => api.on("agent_end", (e: any) => api.notify("ended: " + e.stopReason));`,
    );
    server.push(
      {
        text: "",
        toolCalls: [
          { id: "a", name: "lookup", arguments: { key: "colour" } },
          { id: "b", name: "bash", arguments: { command: "echo hi" } },
        ],
      },
      { text: "blue" },
    );
    const session = await createSession({
      apiKey: "sk-sdk-test",
      baseUrl: server.openaiBaseUrl,
      workingDir: home.workDir,
      save: false,
      allow: ["lookup"],
      onNotice: (n) => notices.push(n),
      extensions: [
        (api: ExtensionAPI) => {
          api.registerTool({
            name: "lookup",
            description: "Looks a key up",
            parameters: api.z.object({ key: api.z.string() }),
            execute: ({ key }: { key: string }) => (key === "colour" ? "blue" : "unknown"),
          });
          api.on("tool_call", (e) => (e.name === "bash" ? { block: true, reason: "no shell" } : undefined));
          api.on("session_start", () => {
            events.push("start");
          });
        },
        file,
      ],
    });
    expect(await session.prompt("what colour?")).toBe("blue");
    await session.close();
    expect(events).toEqual(["start"]);
    const results = session.getMessages().filter((m) => m.role === "tool");
    expect(results.map((m) => m.content)).toEqual([
      "blue",
      "Error: this call was blocked: no shell (by extension inline #1)",
    ]);
    expect(notices.map((n) => n.text)).toContain("count.ts: ended: end");
  });

  it("keeps the extensions' before_compact and compact handlers when the caller passes its own hooks", async () => {
    const heard: string[] = [];
    const long = (n: number) => `turn ${n}: ${"lorem ipsum dolor sit amet ".repeat(330)}`;
    server.push(
      { text: "answer 1", usage: { prompt_tokens: 2600, completion_tokens: 5 } },
      { text: "answer 2", usage: { prompt_tokens: 5200, completion_tokens: 5 } },
    );
    const session = await createSession({
      apiKey: "sk-sdk-test",
      baseUrl: server.openaiBaseUrl,
      workingDir: home.workDir,
      save: false,
      settingsFiles: false,
      compaction: {
        keepRecentTokens: 1,
        beforeCompact: (context) => {
          heard.push(`caller before ${context.trigger}`);
          return { summary: "CALLER-SUMMARY" };
        },
        onCompact: (record) => {
          heard.push(`caller compact ${record.summary}`);
        },
      },
      extensions: [
        (api: ExtensionAPI) => {
          api.on("before_compact", (e) => {
            heard.push(`extension before ${e.trigger}`);
          });
          api.on("compact", (e) => {
            heard.push(`extension compact ${e.summary}`);
          });
        },
      ],
    });
    await session.prompt(long(1));
    await session.prompt(long(2));
    const record = await session.compact();
    await session.close();
    expect(record.summary).toBe("CALLER-SUMMARY");
    expect(heard).toEqual([
      "extension before manual",
      "caller before manual",
      "extension compact CALLER-SUMMARY",
      "caller compact CALLER-SUMMARY",
    ]);
    expect(server.requests).toHaveLength(2); // the caller's summary: no summary request
  });
});

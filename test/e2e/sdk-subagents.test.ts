// The SDK's subagents: createSession({agents}) offers the task tool with the given definitions (the
// child gets its own system prompt and only its listed tools, and is saved with metadata.parent);
// without the option a session has no task tool.
import { describe, expect, it } from "vitest";
import { createSession, SessionManager } from "../../src/sdk.js";
import type { TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer, RecordedRequest } from "../support/llm-server.js";
import { readSession, sessionFiles } from "./helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

// biome-ignore lint/suspicious/noExplicitAny: wire JSON
type Wire = any;
const toolNames = (request: RecordedRequest): string[] =>
  (request.body.tools ?? []).map((t: Wire) => t.function.name).sort();

const open = (
  agents?: Parameters<typeof createSession>[0] extends infer O
    ? O extends { agents?: infer A }
      ? A
      : never
    : never,
) =>
  createSession({
    apiKey: "sk-sdk-test",
    baseUrl: server.openaiBaseUrl,
    workingDir: home.workDir,
    sessionManager: new SessionManager({ dir: home.sessionDir }),
    agents,
  });

describe("SDK subagents", () => {
  it("agents: a given definition runs as a child with its prompt and tools, saved with metadata.parent", async () => {
    server.push(
      {
        text: "",
        toolCalls: [
          {
            id: "t1",
            name: "task",
            arguments: { description: "list", prompt: "list the files", agent: "lister" },
          },
        ],
      },
      { text: "two files" },
      { text: "the child said two files" },
    );
    const session = await open([
      {
        name: "lister",
        description: "Lists files.",
        prompt: "You list files and nothing else.",
        tools: ["glob"],
      },
    ]);
    expect(await session.prompt("delegate")).toBe("the child said two files");
    await session.close();
    const [parentRequest, childRequest, parentNext] = server.requests;
    expect(toolNames(parentRequest!)).toContain("task");
    expect(JSON.stringify(parentRequest!.body.messages[0])).toContain("lister");
    expect(toolNames(childRequest!)).toEqual(["glob"]);
    expect(childRequest!.body.messages[0].content).toContain("You list files and nothing else.");
    expect(JSON.stringify(parentNext!.body.messages.at(-1))).toContain("two files");
    const sessions = sessionFiles(home).map((f) => readSession(f));
    const parent = sessions.find((s) => !s.metadata.parent);
    const child = sessions.find((s) => s.metadata.parent);
    expect(child.metadata.parent).toEqual({ session_id: parent.id, tool_call_id: "t1" });
  });

  it("without agents a session has no task tool", async () => {
    server.push({ text: "hello" });
    const session = await open();
    await session.prompt("hi");
    await session.close();
    expect(toolNames(server.requests[0]!)).not.toContain("task");
  });
});

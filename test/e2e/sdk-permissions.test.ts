// The SDK's permission options against the scripted server: without canUseTool an "ask" is refused
// (never waits); canUseTool answers allow, deny or deny with a reason; deny rules beat yolo.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type AgentEvent, createSession, PermissionConfigError } from "../../src/sdk.js";
import type { TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

const connect = () => ({
  apiKey: "sk-sdk-test",
  baseUrl: server.openaiBaseUrl,
  workingDir: home.workDir,
  save: false,
});
const writeCall = (id: string) => ({
  id,
  name: "write",
  arguments: { file_path: "out.txt", content: "hello\n" },
});

async function events(
  session: Awaited<ReturnType<typeof createSession>>,
  text: string,
): Promise<AgentEvent[]> {
  const seen: AgentEvent[] = [];
  for await (const event of session.stream(text)) seen.push(event);
  return seen;
}

describe("SDK permissions", () => {
  it("without canUseTool, a write in default mode is refused and reported as tool_denied", async () => {
    server.push({ text: "", toolCalls: [writeCall("w1")] }, { text: "ok" });
    const session = await createSession(connect());
    const seen = await events(session, "write it");
    const denied = seen.find((e) => e.type === "tool_denied");
    expect(denied).toMatchObject({
      denial: { tool: "write", allowWith: ["write(./out.txt)"], modeHint: "accept-edits" },
    });
    expect(existsSync(path.join(home.workDir, "out.txt"))).toBe(false);
    const result = session.getMessages().find((m) => m.role === "tool");
    expect(result).toMatchObject({ is_error: true });
  });

  it("canUseTool is asked only for what needs approval; allow runs it, {deny: reason} reaches the model", async () => {
    server.push(
      {
        text: "",
        toolCalls: [{ id: "l", name: "bash", arguments: { command: "ls" } }, writeCall("w1")],
      },
      { text: "", toolCalls: [{ id: "c", name: "bash", arguments: { command: "curl -s x.example" } }] },
      { text: "done" },
    );
    const asked: string[] = [];
    const session = await createSession({
      ...connect(),
      canUseTool: async (call) => {
        asked.push(`${call.name}:${call.suggestions.join(",")}`);
        return call.name === "write" ? "allow" : { deny: "no network please" };
      },
    });
    await session.prompt("go");
    expect(asked).toEqual(["write:write(./out.txt)", "bash:bash(curl *)"]);
    expect(readFileSync(path.join(home.workDir, "out.txt"), "utf8")).toBe("hello\n");
    const curl = session.getMessages().filter((m) => m.role === "tool")[2];
    expect(curl).toMatchObject({ is_error: true });
    expect(curl?.content).toContain("The user said: no network please");
  });

  it("permissionMode yolo with deny: rm is refused without asking; allow rules run without asking", async () => {
    writeFileSync(path.join(home.workDir, "keep.txt"), "x");
    server.push(
      {
        text: "",
        toolCalls: [
          { id: "r", name: "bash", arguments: { command: "rm keep.txt" } },
          { id: "t", name: "bash", arguments: { command: "touch made.txt" } },
        ],
      },
      { text: "done" },
    );
    let asked = 0;
    const session = await createSession({
      ...connect(),
      permissionMode: "yolo",
      deny: ["bash(rm *)"],
      canUseTool: () => {
        asked++;
        return "allow";
      },
    });
    await session.prompt("go");
    expect(asked).toBe(0);
    expect(existsSync(path.join(home.workDir, "keep.txt"))).toBe(true);
    expect(existsSync(path.join(home.workDir, "made.txt"))).toBe(true);
  });

  it("rejects an invalid rule or mode with PermissionConfigError", async () => {
    await expect(createSession({ ...connect(), allow: ["bash("] })).rejects.toThrow(PermissionConfigError);
    await expect(createSession({ ...connect(), permissionMode: "fast" as "yolo" })).rejects.toThrow(
      /invalid permissionMode "fast"/,
    );
  });
});

// Hooks in SDK sessions: createSession reads the same settings files and runs the hooks as the CLI
// does (a project's only when trusted), streaming each decision; Notification and SessionEnd.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type AgentEvent, createSession } from "../../src/sdk.js";
import type { TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { one, toolMessages, script as writeScript, writeSettings } from "./hooks-helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

const script = (name: string, source: string) => writeScript(home.home, name, source);

describe("hooks in the SDK", () => {
  it("createSession runs a trusted project's hooks the same way and streams each decision", async () => {
    const guard = script(
      "guard.py",
      `
import json, sys
data = json.load(sys.stdin)
print(json.dumps({"hookSpecificOutput": {"hookEventName": "PreToolUse",
  "permissionDecision": "deny", "permissionDecisionReason": "no writes from the SDK"}}))
`,
    );
    writeSettings(path.join(home.workDir, ".agenix", "settings.json"), { PreToolUse: one(guard, "Write") });
    server.push(
      { text: "", toolCalls: [{ id: "w", name: "write", arguments: { file_path: "x.txt", content: "x" } }] },
      { text: "ok" },
    );
    const connect = {
      apiKey: "sk-sdk-test",
      baseUrl: server.openaiBaseUrl,
      workingDir: home.workDir,
      save: false,
    };
    const session = await createSession({ ...connect, trust: true, permissionMode: "yolo" });
    const seen: AgentEvent[] = [];
    for await (const event of session.stream("write")) seen.push(event);
    await session.close();
    expect(seen.filter((e) => e.type === "hook")).toMatchObject([
      { event: "PreToolUse", outcome: "denied", tool: "write", text: "no writes from the SDK" },
    ]);
    expect(existsSync(path.join(home.workDir, "x.txt"))).toBe(false);
    expect(toolMessages(server.requests[1]!.body)[0].content).toContain("no writes from the SDK");

    // Untrusted: the project's hooks are left out (the notice names them) and the write runs.
    server.push(
      { text: "", toolCalls: [{ id: "w", name: "write", arguments: { file_path: "x.txt", content: "x" } }] },
      { text: "ok" },
    );
    const notices: string[] = [];
    const untrusted = await createSession({
      ...connect,
      permissionMode: "yolo",
      onNotice: (n) => notices.push(n.text),
    });
    await untrusted.prompt("write");
    await untrusted.close();
    expect(existsSync(path.join(home.workDir, "x.txt"))).toBe(true);
    expect(notices.join("\n")).toMatch(/Untrusted project .*hooks/);
  });

  it("Notification hears a waiting approval; SessionEnd hears the close", async () => {
    const log = path.join(home.home, "events.jsonl");
    const record = script(
      "record.py",
      `
import json, sys
with open(${JSON.stringify(log)}, "a") as f:
    f.write(sys.stdin.read().strip() + "\\n")
`,
    );
    writeSettings(path.join(home.workDir, ".agenix", "settings.json"), {
      Notification: one(record, "permission_prompt"),
      SessionEnd: one(record),
    });
    server.push(
      { text: "", toolCalls: [{ id: "b", name: "bash", arguments: { command: "touch asked.txt" } }] },
      { text: "ok" },
    );
    const session = await createSession({
      apiKey: "sk-sdk-test",
      baseUrl: server.openaiBaseUrl,
      workingDir: home.workDir,
      save: false,
      trust: true,
      canUseTool: async () => "allow" as const,
    });
    await session.prompt("go");
    await session.close();
    const events = readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events).toMatchObject([
      {
        hook_event_name: "Notification",
        notification_type: "permission_prompt",
        message: expect.stringContaining("bash(touch asked.txt)"),
      },
      { hook_event_name: "SessionEnd", reason: "other" },
    ]);
  });
});

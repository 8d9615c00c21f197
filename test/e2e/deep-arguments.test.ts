// Tool arguments nested 100,000 deep: refused as an error result before the tool runs, the session
// saved in full (nothing recursive ever walks them), and the next request valid for the provider.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAgenix, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { openaiEnv, readSession, sessionFiles } from "./helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

const DEPTH = 100_000;

describe("deeply nested tool arguments", () => {
  it("are refused before running; the call, its error result and the answer are all saved", async () => {
    const deep = `{"command":"touch ran.txt","x":${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}}`;
    server.push(
      { text: "", toolCalls: [{ id: "call_deep", name: "bash", arguments: deep }] },
      { text: "understood" },
    );
    const result = await runAgenix(["go", "--permission-mode", "yolo"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
      timeoutMs: 60_000,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("understood");
    expect(existsSync(path.join(home.workDir, "ran.txt"))).toBe(false);
    const messages = readSession(sessionFiles(home)[0]!).messages;
    expect(messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant", "tool", "assistant"]);
    expect(messages[2]).toMatchObject({ tool_call_id: "call_deep", is_error: true });
    expect(messages[2].content).toContain("nested deeper than 64 levels; they were refused and nothing ran");
    // The model heard about it in a request the (strict) server accepted.
    expect(server.rejections).toEqual([]);
    expect(server.requests).toHaveLength(2);
  }, 90_000);
});

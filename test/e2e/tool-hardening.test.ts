// Tool calls that used to hang or crash the whole run, through the built binary: a write to a named
// pipe (hung forever), grep on /dev/zero (never ended), glob at / (minutes, then out of memory). The
// run now ends, each call has an error or a cut result, and the next request is accepted.
import { execFileSync } from "node:child_process";
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

describe("tool calls that used to hang the run", () => {
  it("write to a FIFO, grep on /dev/zero and glob at / all end, and the run finishes", async () => {
    execFileSync("mkfifo", [path.join(home.workDir, "pipe")]);
    server.push(
      {
        text: "Trying things.",
        toolCalls: [
          { id: "call_w", name: "write", arguments: { file_path: "pipe", content: "x" } },
          { id: "call_g", name: "grep", arguments: { pattern: "x", path: "/dev/zero" } },
          { id: "call_b", name: "glob", arguments: { pattern: "**/*.no-such-extension", path: "/" } },
        ],
      },
      { text: "All done." },
    );
    const run = await runAgenix(["--yolo", "try the tools"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
      timeoutMs: 90_000,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("All done.\n");
    expect(server.rejections).toEqual([]);
    const data = readSession(sessionFiles(home)[0] as string);
    const results = Object.fromEntries(
      data.messages
        .filter((m: { role: string }) => m.role === "tool")
        .map((m: { tool_call_id: string; content: string }) => [m.tool_call_id, m.content]),
    );
    expect(results.call_w).toContain("pipe is a named pipe (FIFO), not a regular file");
    expect(results.call_g).toContain("/dev/zero is a character device, not a regular file");
    expect(results.call_b).toMatch(/\(search stopped after (200000 entries|20s)/);
  }, 120_000);
});

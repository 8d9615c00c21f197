// `agenix ... | head -1`: the reader closes the pipe early. In every output format the run still
// makes its model request, saves the session, exits 0 and prints no stack trace.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { assertFreshBuild, binPath, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { openaiEnv, sessionFiles } from "./helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

/** Runs agenix with its stdout pipe closed by the reader before anything is written. */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  assertFreshBuild();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("a closed stdout pipe", () => {
  for (const format of ["stream-json", "json", "text"]) {
    it(`--output-format ${format}: quiet, exit 0, the request made and the session saved`, async () => {
      server.push(
        { text: "", toolCalls: [{ id: "call_1", name: "bash", arguments: { command: "echo hi" } }] },
        { text: "line one\nline two\n" },
      );
      const result = await runWithClosedStdout(["--output-format", format, "--allow", "bash(echo *)", "go"]);
      expect(result.stderr).not.toMatch(/EPIPE|Error|at .*\.js/);
      expect(result.code, result.stderr).toBe(0);
      expect(server.requests).toHaveLength(2);
      expect(sessionFiles(home)).toHaveLength(1);
    });
  }
});

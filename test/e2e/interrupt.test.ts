// Ctrl-C (SIGINT) and kill -9 while a bash tool runs, then resume: the history the strict server
// receives is valid (every tool call has a result).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAgenix, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { groupAlive } from "../support/process-group.js";
import { openaiEnv, readSession, sessionFiles, sessionIdFrom, startAgenix } from "./helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

const slowTool = {
  text: "Running it.",
  toolCalls: [
    { id: "call_slow", name: "bash", arguments: { command: "sleep 30" } },
    { id: "call_next", name: "bash", arguments: { command: "echo never" } },
  ],
};

async function resumeAndCheck(id: string): Promise<void> {
  server.push({ text: "Resumed fine." });
  const resumed = await runAgenix(["--session", id, "what happened?"], {
    cwd: home.workDir,
    env: openaiEnv(home, server),
  });
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(resumed.stdout).toBe("Resumed fine.\n");
  expect(server.rejections).toEqual([]);
  const sent = server.requests.at(-1)?.body.messages;
  expect(sent.map((m: { role: string }) => m.role)).toEqual([
    "system",
    "user",
    "assistant",
    "tool",
    "tool",
    "user",
  ]);
  expect(sent.slice(3, 5).map((m: { tool_call_id: string }) => m.tool_call_id)).toEqual([
    "call_slow",
    "call_next",
  ]);
}

describe("interrupting a running tool", () => {
  it("SIGINT aborts, kills the tool, saves error results for every call, exits 130; resume works", async () => {
    server.push(slowTool);
    const run = startAgenix(["run the slow thing"], { cwd: home.workDir, env: openaiEnv(home, server) });
    await run.waitForStderr("⏺ bash(sleep 30)");
    run.child.kill("SIGINT");
    const exit = await run.exit;
    expect(exit.code).toBe(130);
    const id = sessionIdFrom(run.stderr());
    const data = readSession(sessionFiles(home)[0] as string);
    const tools = data.messages.filter((m: { role: string }) => m.role === "tool");
    expect(
      tools.map((m: { tool_call_id: string; is_error: boolean }) => [m.tool_call_id, m.is_error]),
    ).toEqual([
      ["call_slow", true],
      ["call_next", true],
    ]);
    expect(tools[0].content).toMatch(/interrupted/i);
    await resumeAndCheck(id);
  });

  it("kill -9 during a tool: the session loads repaired and the next request is accepted", async () => {
    server.push(slowTool);
    const run = startAgenix(["run the slow thing"], { cwd: home.workDir, env: openaiEnv(home, server) });
    await run.waitForStderr("⏺ bash(sleep 30)");
    run.child.kill("SIGKILL");
    await run.exit;
    const file = sessionFiles(home)[0] as string;
    const data = readSession(file);
    expect(data.messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant"]);
    await resumeAndCheck(data.id);
  });
});

describe("SIGTERM and SIGHUP (timeout, docker stop, a closed terminal)", () => {
  for (const [signal, code] of [
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const) {
    it(`${signal} kills the running tool's process group, saves, and exits ${code}`, async () => {
      server.push({
        text: "Running it.",
        toolCalls: [
          { id: "call_slow", name: "bash", arguments: { command: "echo $$ > tool.pgid; sleep 30" } },
        ],
      });
      const run = startAgenix(["--yolo", "run the slow thing"], {
        cwd: home.workDir,
        env: openaiEnv(home, server),
      });
      await run.waitForStderr("⏺ bash(");
      const pgidFile = path.join(home.workDir, "tool.pgid");
      await until(() => existsSync(pgidFile) && readFileSync(pgidFile, "utf8").endsWith("\n"));
      const pgid = Number(readFileSync(pgidFile, "utf8"));
      run.child.kill(signal);
      const exit = await run.exit;
      const alive = groupAlive(pgid);
      if (alive) process.kill(-pgid, "SIGKILL");
      expect(alive).toBe(false);
      expect(exit.code).toBe(code);
      const data = readSession(sessionFiles(home)[0] as string);
      expect(data.messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant", "tool"]);
      expect(data.messages[2].is_error).toBe(true);
      await resumeAndCheckOne(data.id);
    });
  }
});

async function resumeAndCheckOne(id: string): Promise<void> {
  server.push({ text: "Resumed fine." });
  const resumed = await runAgenix(["--session", id, "what happened?"], {
    cwd: home.workDir,
    env: openaiEnv(home, server),
  });
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(server.rejections).toEqual([]);
}

/** Waits for a condition checked on each turn of the event loop (bounded by the test timeout). */
async function until(probe: () => boolean): Promise<void> {
  while (!probe()) await new Promise((resolve) => setTimeout(resolve, 10));
}

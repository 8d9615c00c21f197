// `agenix acp` (the built binary): a session outlives a cancelled prompt (the partial answer and the
// interrupted tool are saved, and the next prompt continues with a history the provider accepts), and
// the editor closing stdin mid-prompt stops the command, saves the session and ends the process.
import { existsSync } from "node:fs";
import path from "node:path";
import type { SessionNotification } from "@agentclientprotocol/sdk";
import { describe, expect, it } from "vitest";
import { openaiEnv, readSession, sessionFiles } from "../e2e/helpers.js";
import { runAgenix, type TempHome } from "../support/cli.js";
import type { LlmServer } from "../support/llm-server.js";
import { type AcpChild, promptText, runningPid, startWithSession, withAcp } from "./acp-client.js";

let home: TempHome;
let server: LlmServer;
withAcp((h, s) => {
  home = h;
  server = s;
});

async function open() {
  const { acp, sessionId } = await startWithSession(home.workDir, openaiEnv(home, server));
  await acp.connection.agent.request("session/set_mode", { sessionId, modeId: "yolo" });
  return { acp, sessionId };
}

const prompt = promptText;

/** Starts `sleep 60` through bash and resolves with its pid once it runs. */
async function startSleeping(a: AcpChild, sessionId: string) {
  server.push({
    text: "",
    toolCalls: [{ id: "call_s", name: "bash", arguments: { command: "echo $$ > pid.txt; exec sleep 60" } }],
  });
  const running = prompt(a, sessionId, "wait");
  return { running, pid: await runningPid(a, path.join(home.workDir, "pid.txt")) };
}

const roles = (messages: { role: string }[]) => messages.map((m) => m.role);

describe("agenix acp: cancel and resume", () => {
  it("after a cancelled tool call and a cancelled answer, the next prompt continues the same session", async () => {
    const { acp: a, sessionId } = await open();
    const { running, pid } = await startSleeping(a, sessionId);
    await a.connection.agent.notify("session/cancel", { sessionId });
    expect((await running).stopReason).toBe("cancelled");
    expect(() => process.kill(pid, 0)).toThrow();

    // Cancel again while the answer streams: what came is kept.
    server.push({ text: "one two three four five six seven eight nine ten", chunkDelayMs: 300 });
    const streaming = prompt(a, sessionId, "talk slowly");
    await a.waitForUpdate(
      (n: SessionNotification) =>
        n.update.sessionUpdate === "agent_message_chunk" &&
        n.update.content.type === "text" &&
        n.update.content.text.includes("one"),
    );
    await a.connection.agent.notify("session/cancel", { sessionId });
    expect((await streaming).stopReason).toBe("cancelled");

    server.push({ text: "back again" });
    expect((await prompt(a, sessionId, "go on")).stopReason).toBe("end_turn");
    expect(server.rejections).toEqual([]);
    const sent = server.requests.at(-1)!.body.messages;
    expect(roles(sent)).toEqual(["system", "user", "assistant", "tool", "user", "assistant", "user"]);
    expect(sent[3].content).toContain("interrupted");
    expect(sent[5].content).toMatch(/^one/);

    expect(await a.end()).toBe(0);
    const data = readSession(sessionFiles(home)[0]!);
    expect(data.id).toBe(sessionId);
    expect(roles(data.messages)).toEqual([
      "user",
      "assistant",
      "tool",
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
    expect(data.messages.at(-1).content[0].text).toBe("back again");
  });
});

describe("agenix acp: the editor goes away", () => {
  it("closing stdin during a prompt kills the command, saves the session and exits 0", async () => {
    const { acp: a, sessionId } = await open();
    const { running, pid } = await startSleeping(a, sessionId);
    running.catch(() => {}); // the connection closes under it
    expect(await a.end()).toBe(0);
    expect(() => process.kill(pid, 0)).toThrow();
    const data = readSession(sessionFiles(home)[0]!);
    expect(data.id).toBe(sessionId);
    expect(roles(data.messages)).toEqual(["user", "assistant", "tool"]);
    expect(data.messages[2]).toMatchObject({ tool_call_id: "call_s", is_error: true });
    // The session is not left locked: print mode continues it at once.
    expect(existsSync(`${sessionFiles(home)[0]!}.lock`)).toBe(false);
    server.push({ text: "continued" });
    const more = await runAgenix(["--session", sessionId, "more"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(more.code, more.stderr).toBe(0);
    expect(more.stdout).toBe("continued\n");
  });
});

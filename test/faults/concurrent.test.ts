// Concurrent processes in one working directory: 8 new sessions at once, 4 processes continuing one
// session at once (exactly one runs, the rest get the "in use" error), and a stale lock left by a
// SIGKILLed process recovered by the next run.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openaiEnv, sessionIdFrom, startAgenix } from "../e2e/helpers.js";
import type { TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { type Json, sessionFilesUnder, withDeadline } from "./helpers.js";

const NEW_SESSIONS = 8;
const CONTENDERS = 4;
let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

function load(file: string): Json {
  return JSON.parse(readFileSync(file, "utf8"));
}

/** Every tool call is followed by its results, and the conversation ends with a plain answer. */
function expectWhole(messages: Json[], label: string): void {
  for (let i = 0; i < messages.length; i++) {
    const calls: Json[] = messages[i].tool_calls ?? [];
    const results = messages.slice(i + 1, i + 1 + calls.length).map((m: Json) => m.tool_call_id);
    expect(results, `${label}: message ${i}`).toEqual(calls.map((c) => c.id));
  }
  expect(messages.at(-1)?.role, label).toBe("assistant");
}

/**
 * A bash command that blocks until the test creates `file`: holds the session busy without sleeps in
 * the test. It also ends when the file's folder (the temp HOME) is removed, so a failed or killed
 * test never leaves it polling.
 */
function waitForFile(file: string): string {
  return `while [ ! -e '${file}' ] && [ -d '${path.dirname(file)}' ]; do sleep 0.05; done; echo released`;
}

describe("concurrent agenix processes", () => {
  it(`${NEW_SESSIONS} processes starting sessions in one directory at once get ${NEW_SESSIONS} distinct, whole files`, async () => {
    for (let i = 0; i < NEW_SESSIONS; i++) {
      server.push(
        { text: "", toolCalls: [{ name: "bash", arguments: { command: "echo hi" } }] },
        { text: "answer" },
      );
    }
    const env = openaiEnv(home, server);
    const runs = Array.from({ length: NEW_SESSIONS }, (_, i) =>
      startAgenix([`task number ${i}`], { cwd: home.workDir, env }),
    );
    const exits = await withDeadline(Promise.all(runs.map((r) => r.exit)), 120_000, "8 runs");
    for (const [i, exit] of exits.entries()) expect(exit.code, runs[i]?.stderr()).toBe(0);
    const ids = runs.map((r) => sessionIdFrom(r.stderr()));
    expect(new Set(ids).size).toBe(NEW_SESSIONS);
    const files = sessionFilesUnder(home.sessionDir);
    expect(files.map((f) => path.basename(f, ".json")).sort()).toEqual([...ids].sort());
    const tasks = files.map((file) => {
      const data = load(file);
      expect(data.id).toBe(path.basename(file, ".json"));
      expect(data.messages.filter((m: Json) => m.role === "user")).toHaveLength(1);
      expectWhole(data.messages, file);
      return data.messages[0].content;
    });
    expect(tasks.sort()).toEqual(Array.from({ length: NEW_SESSIONS }, (_, i) => `task number ${i}`).sort());
    expect(server.rejections).toEqual([]);
    console.log(`[faults/concurrent] ${NEW_SESSIONS} parallel new sessions -> ${files.length} files`);
  }, 180_000);

  it(`${CONTENDERS} processes continuing one session: one runs, the others get "in use", nothing interleaves`, async () => {
    const env = openaiEnv(home, server);
    server.push({ text: "first answer" });
    const first = startAgenix(["start"], { cwd: home.workDir, env });
    expect((await first.exit).code, first.stderr()).toBe(0);
    const id = sessionIdFrom(first.stderr());
    const file = sessionFilesUnder(home.sessionDir)[0] as string;
    const before = load(file).messages;

    const release = path.join(home.home, "release");
    server.push(
      { text: "", toolCalls: [{ name: "bash", arguments: { command: waitForFile(release) } }] },
      { text: "winner done" },
    );
    const runs = Array.from({ length: CONTENDERS }, (_, i) =>
      startAgenix(["--session", id, `contender ${i}`], { cwd: home.workDir, env }),
    );
    // The winner blocks in its tool until released; the losers must fail on their own meanwhile.
    const settled = runs.map((run, i) => run.exit.then((exit) => ({ i, ...exit })));
    const losers = await withDeadline(
      new Promise<{ i: number; code: number | null }[]>((resolve) => {
        const done: { i: number; code: number | null }[] = [];
        for (const s of settled)
          void s.then((r) => {
            done.push(r);
            if (done.length === CONTENDERS - 1) resolve(done.slice());
          });
      }),
      120_000,
      "the losing contenders to exit",
    );
    for (const loser of losers) {
      const stderr = runs[loser.i]?.stderr() ?? "";
      expect(loser.code, stderr).not.toBe(0);
      expect(stderr).toMatch(
        new RegExp(
          `^Error: Session ${id} is in use by another agenix process \\(pid \\d+ on host \\S+; lock file \\S+\\.lock\\)`,
          "m",
        ),
      );
    }
    const mid = load(file); // whole JSON while the winner is mid-run
    expect(mid.messages.slice(0, before.length)).toEqual(before);
    writeFileSync(release, "");
    const winner = (await withDeadline(Promise.all(settled), 60_000, "the winner")).find(
      (r) => !losers.some((l) => l.i === r.i),
    );
    expect(winner?.code, runs[winner?.i ?? 0]?.stderr()).toBe(0);
    const after = load(file).messages;
    expect(after.slice(0, before.length)).toEqual(before);
    const users = after.slice(before.length).filter((m: Json) => m.role === "user");
    expect(users.map((m: Json) => m.content)).toEqual([`contender ${winner?.i}`]);
    expectWhole(after, file);
    expect(after).toHaveLength(before.length + 4);
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(server.rejections).toEqual([]);
  }, 180_000);

  it("a lock left by a SIGKILLed process is recovered by the next run", async () => {
    const env = openaiEnv(home, server);
    server.push({ text: "first answer" });
    const first = startAgenix(["start"], { cwd: home.workDir, env });
    expect((await first.exit).code, first.stderr()).toBe(0);
    const id = sessionIdFrom(first.stderr());
    const file = sessionFilesUnder(home.sessionDir)[0] as string;

    const never = path.join(home.home, "never-created");
    server.push({ text: "", toolCalls: [{ name: "bash", arguments: { command: waitForFile(never) } }] });
    const victim = startAgenix(["--session", id, "will be killed"], { cwd: home.workDir, env });
    await withDeadline(victim.waitForStderr("⏺ bash("), 60_000, "the tool to start");
    expect(existsSync(`${file}.lock`)).toBe(true);
    victim.child.kill("SIGKILL");
    await victim.exit;
    expect(existsSync(`${file}.lock`)).toBe(true); // stale: its pid is gone

    server.push({ text: "recovered" });
    const next = startAgenix(["--session", id, "after the kill"], { cwd: home.workDir, env });
    const exit = await withDeadline(next.exit, 60_000, "the run after the kill");
    expect(exit.code, next.stderr()).toBe(0);
    expect(next.stdout()).toBe("recovered\n");
    const messages = load(file).messages;
    expectWhole(messages, file);
    expect(messages.map((m: Json) => m.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
      "tool", // the interrupted call's synthetic result
      "user",
      "assistant",
    ]);
    expect(server.rejections).toEqual([]);
    // The orphaned tool is still waiting for its file; let it end.
    writeFileSync(never, "");
  }, 120_000);
});

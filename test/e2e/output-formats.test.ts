// Scripts and CI: --output-format json|stream-json, --input-format stream-json, -p, exit codes.
import { describe, expect, it } from "vitest";
import { runAgenix, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { openaiEnv, readSession, sessionFiles, sessionIdFrom } from "./helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

const usage = { prompt_tokens: 1000, completion_tokens: 100 };

describe("--output-format", () => {
  it("json: one object with cost_usd, duration_ms, num_turns and model; --json and -p are aliases", async () => {
    server.push(
      { text: "", toolCalls: [{ name: "bash", arguments: { command: "echo hi" } }], usage },
      { text: "done", usage },
    );
    const run = await runAgenix(["-p", "--output-format", "json", "do it"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0]!);
    expect(Object.keys(result)).toEqual([
      "session_id",
      "response",
      "usage",
      "stop_reason",
      "denied",
      "cost_usd",
      "duration_ms",
      "num_turns",
      "model",
      "sandbox",
      "permission_mode",
    ]);
    expect(result).toMatchObject({
      session_id: sessionIdFrom(run.stderr),
      response: "done",
      usage: { prompt_tokens: 2000, completion_tokens: 200, total_tokens: 2200 },
      stop_reason: "end",
      num_turns: 2,
      model: "gpt-4o",
      sandbox: "off",
      permission_mode: "default",
    });
    // gpt-4o: $2.50 per million input, $10 per million output tokens.
    expect(result.cost_usd).toBeCloseTo(2000 * 2.5e-6 + 200 * 10e-6, 6);
    expect(result.duration_ms).toBeGreaterThanOrEqual(0);

    server.push({ text: "again" });
    const alias = await runAgenix(["--json", "again"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(JSON.parse(alias.stdout)).toMatchObject({ response: "again", num_turns: 1 });
  });

  it("json: setup errors are JSON too, with session_id null and the usual exit code", async () => {
    const noKey = await runAgenix(["--output-format", "json", "hi"], { cwd: home.workDir, env: home.env });
    expect(noKey.code).toBe(1);
    expect(JSON.parse(noKey.stdout)).toEqual({
      error: expect.stringMatching(/^No model provider is set up\. Any one of these works:\n/),
      session_id: null,
    });
    const badFlag = await runAgenix(["--json", "--max-turns", "zero", "hi"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(badFlag.code).toBe(2);
    expect(JSON.parse(badFlag.stdout)).toEqual({
      error: 'Invalid --max-turns: "zero" (expected a positive integer)',
      session_id: null,
    });
    const unknownFlag = await runAgenix(["--json", "--frobnicate", "hi"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(unknownFlag.code).toBe(2);
    expect(JSON.parse(unknownFlag.stdout)).toEqual({
      error: "unknown option '--frobnicate'",
      session_id: null,
    });
    server.push({ status: 401 });
    const provider = await runAgenix(["--json", "hi"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(provider.code).toBe(1);
    expect(JSON.parse(provider.stdout)).toMatchObject({ error: expect.any(String), stop_reason: "error" });
    expect(server.requests.length).toBeGreaterThan(0);
  });

  it("stream-json: one JSON event per line as it happens, then the result", async () => {
    server.push(
      { text: "checking", toolCalls: [{ id: "call_1", name: "bash", arguments: { command: "echo hi" } }] },
      { text: "all good", usage },
    );
    const run = await runAgenix(["--output-format", "stream-json", "go"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(run.code, run.stderr).toBe(0);
    const events = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const types = events.map((e) => e.type);
    expect(types[0]).toBe("init");
    expect(types.at(-1)).toBe("result");
    expect(types).toEqual(
      expect.arrayContaining(["message", "text_delta", "tool_call", "tool_result", "turn_end", "agent_end"]),
    );
    // Order as it happened: the user message, the call, its result, the final answer.
    const order = ["message", "tool_call", "tool_result", "agent_end", "result"].map((t) => types.indexOf(t));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(events.find((e) => e.type === "tool_call").call).toMatchObject({
      id: "call_1",
      name: "bash",
      arguments: { command: "echo hi" },
    });
    expect(events.find((e) => e.type === "tool_result").message.content).toContain("hi");
    const deltas = events.filter((e) => e.type === "text_delta").map((e) => e.text);
    expect(deltas.join("")).toBe("checkingall good");
    expect(events.at(-1)).toMatchObject({
      type: "result",
      response: "all good",
      session_id: sessionIdFrom(run.stderr),
      num_turns: 2,
    });
  });

  it("--input-format stream-json: two user lines, two answers, one session", async () => {
    server.push({ text: "first answer" }, { text: "second answer" });
    const input = [
      JSON.stringify({ type: "user", message: { role: "user", content: "first question" } }),
      JSON.stringify({
        type: "user",
        message: { role: "user", content: [{ type: "text", text: "second question" }] },
      }),
    ].join("\n");
    const run = await runAgenix(["--input-format", "stream-json", "--output-format", "json"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
      input: `${input}\n`,
    });
    expect(run.code, run.stderr).toBe(0);
    const results = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(results.map((r) => r.response)).toEqual(["first answer", "second answer"]);
    const id = sessionIdFrom(run.stderr);
    expect(results.map((r) => r.session_id)).toEqual([id, id]);
    // The second request carries the first exchange: one conversation.
    expect(server.requests[1]?.body.messages.map((m: { content: string }) => m.content)).toEqual([
      expect.any(String),
      "first question",
      "first answer",
      "second question",
    ]);
    expect(sessionFiles(home)).toHaveLength(1);
    expect(readSession(sessionFiles(home)[0]!).messages).toHaveLength(4);

    const text = await runAgenix(["--input-format", "stream-json"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
      input: '{"type":"user","message":{"role":"user","content":"hi"}}\nnot json\n',
    });
    expect(text.code).toBe(2);
    expect(text.stderr).toContain("stdin line 2 is not JSON");
  });
});

// Run limits end to end: --max-budget-usd stops before the request that would cross the budget (exit 4,
// stop_reason budget), --max-turns exits 5 (stop_reason max_turns), and --fallback-model answers after
// the model fails with 529 through all its retries.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempHome, runAgenix, type TempHome } from "../support/cli.js";
import { type LlmServer, type ScriptedReply, startLlmServer } from "../support/llm-server.js";
import { openaiEnv, readSession, sessionFiles } from "./helpers.js";

let home: TempHome;
let server: LlmServer;

beforeEach(async () => {
  home = await makeTempHome();
  server = await startLlmServer();
});
afterEach(async () => {
  await server.close();
  await home.cleanup();
});

function claudeEnv(): NodeJS.ProcessEnv {
  return { ...home.env, ANTHROPIC_BASE_URL: server.url, ANTHROPIC_API_KEY: "sk-ant-test" };
}

function readReply(n: number): ScriptedReply {
  // claude-sonnet-4-6 at $3 input and $15 output per million: $0.315 a request.
  return {
    toolCalls: [{ name: "read", arguments: { file_path: `big-${n}.txt` } }],
    usage: { prompt_tokens: 100_000, completion_tokens: 1000 },
  };
}

describe("--max-budget-usd", () => {
  it("stops with exit 4 before the request that would cross the budget, and says so in JSON", async () => {
    for (let i = 1; i <= 3; i++)
      writeFileSync(path.join(home.workDir, `big-${i}.txt`), `${"x".repeat(99)}\n`.repeat(100));
    server.push(readReply(1), readReply(2), readReply(3), { text: "never sent" });
    const run = await runAgenix(
      ["--model", "claude-sonnet-4-6", "--max-budget-usd", "0.95", "--output-format", "json", "read them"],
      { cwd: home.workDir, env: claudeEnv() },
    );
    expect(run.code, run.stderr).toBe(4);
    // Three requests ($0.945) were paid; the fourth (at least ~2,500 new tokens at $3/M) would cross $0.95.
    expect(server.requests).toHaveLength(3);
    expect(run.stderr).toMatch(
      /Stopped: the budget of \$0\.95 is spent \(\$0\.9\d used; the next request would cost at least \$0\.0\d+\)/,
    );
    const result = JSON.parse(run.stdout);
    expect(result.stop_reason).toBe("budget");
    expect(result.error).toMatch(/^Stopped: the budget of \$0\.95 is spent/);
    // The history stays valid: every tool call has its result, and the file holds no extra answer.
    const session = readSession(sessionFiles(home)[0]!);
    expect(session.messages.map((m: { role: string }) => m.role)).toEqual([
      "user",
      ...Array(3).fill(["assistant", "tool"]).flat(),
    ]);
  }, 60_000);

  it("a budget the run fits in changes nothing; a malformed one is a usage error", async () => {
    server.push({ text: "cheap", usage: { prompt_tokens: 1000, completion_tokens: 10 } });
    const ok = await runAgenix(["--model", "claude-sonnet-4-6", "--max-budget-usd", "$1", "hi"], {
      cwd: home.workDir,
      env: claudeEnv(),
    });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe("cheap\n");
    const bad = await runAgenix(["--model", "claude-sonnet-4-6", "--max-budget-usd", "lots", "hi"], {
      cwd: home.workDir,
      env: claudeEnv(),
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'Invalid --max-budget-usd: "lots" (expected a positive number of US dollars',
    );
    expect(server.requests).toHaveLength(1);
  }, 60_000);
});

describe("--max-turns", () => {
  it("exits 5 with stop_reason max_turns", async () => {
    writeFileSync(path.join(home.workDir, "big-1.txt"), "x\n");
    server.push(readReply(1), readReply(1), readReply(1));
    const run = await runAgenix(
      ["--model", "gpt-4o", "--max-turns", "2", "--output-format", "json", "loop"],
      {
        cwd: home.workDir,
        env: openaiEnv(home, server),
      },
    );
    expect(run.code, run.stderr).toBe(5);
    expect(server.requests).toHaveLength(2);
    expect(JSON.parse(run.stdout).stop_reason).toBe("max_turns");
    expect(run.stderr).toContain("Warning: stopped after 2 turns (the --max-turns limit)");
  }, 60_000);
});

describe("--fallback-model", () => {
  it("answers on the fallback (another provider) after the model returns 529 through its four attempts", async () => {
    const overloaded: ScriptedReply = { status: 529, headers: { "retry-after": "0" } };
    server.push(overloaded, overloaded, overloaded, overloaded, { text: "answered by the fallback" });
    const run = await runAgenix(["--model", "claude-sonnet-4-6", "--fallback-model", "gpt-4o", "hello"], {
      cwd: home.workDir,
      env: { ...claudeEnv(), ...openaiEnv(home, server) },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("answered by the fallback\n");
    expect(server.requests.map((r) => `${r.api}:${r.body.model}`)).toEqual([
      ...Array(4).fill("anthropic:claude-sonnet-4-6"),
      "openai:gpt-4o",
    ]);
    expect(run.stderr).toContain(
      "Falling back: claude-sonnet-4-6 failed (anthropic failed with HTTP 529 Overloaded after 4 attempts: Overloaded); trying the fallback model gpt-4o",
    );
    const session = readSession(sessionFiles(home)[0]!);
    expect(session.model).toBe("claude-sonnet-4-6");
    expect(session.messages.at(-1)).toMatchObject({ role: "assistant", model: "gpt-4o" });
  }, 60_000);

  it("does not fall back on a 400, and refuses more than 3 fallback models", async () => {
    server.push({ status: 400 }, { text: "never" });
    const run = await runAgenix(["--model", "claude-sonnet-4-6", "--fallback-model", "gpt-4o", "hello"], {
      cwd: home.workDir,
      env: { ...claudeEnv(), ...openaiEnv(home, server) },
    });
    expect(run.code).toBe(1);
    expect(server.requests).toHaveLength(1);
    const many = await runAgenix(
      ["--model", "claude-sonnet-4-6", "--fallback-model", "a,b", "--fallback-model", "c,d", "hi"],
      {
        cwd: home.workDir,
        env: claudeEnv(),
      },
    );
    expect(many.code).toBe(2);
    expect(many.stderr).toContain(
      "--fallback-model: Too many fallback models (4): give at most 3 (a, b, c, d).",
    );
  }, 60_000);
});

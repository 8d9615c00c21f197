// Reasoning controls end to end: --reasoning-effort in each provider's wire format, thinking kept in
// the assistant message (hidden in print mode), Anthropic thinking blocks sent back with their
// signatures (the strict server checks them, and the in-progress tool turn's thinking block), and a
// one-time notice for models that take no effort.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempHome, runAgenix, type TempHome } from "../support/cli.js";
import { type LlmServer, startLlmServer } from "../support/llm-server.js";
import { openaiEnv, readSession, sessionFiles, sessionIdFrom } from "./helpers.js";

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

const anthropicEnv = () => ({
  ...home.env,
  ANTHROPIC_BASE_URL: server.url,
  ANTHROPIC_API_KEY: "sk-ant-test",
});

describe("reasoning effort and thinking", () => {
  it("a settings file's reasoningEffort beats AGENIX_REASONING_EFFORT (any case); --reasoning-effort beats both", async () => {
    mkdirSync(path.join(home.home, ".agenix"), { recursive: true });
    writeFileSync(
      path.join(home.home, ".agenix", "settings.json"),
      JSON.stringify({ reasoningEffort: "low" }),
    );
    const run = (args: string[], effort: string) =>
      runAgenix(["--model", "claude-sonnet-4-5", ...args, "hi"], {
        cwd: home.workDir,
        env: { ...anthropicEnv(), AGENIX_REASONING_EFFORT: effort },
      });
    server.push({ text: "one" }, { text: "two" }, { text: "three" });
    for (const [args, effort] of [
      [[], "high"],
      [[], "HIGH"],
      [["--reasoning-effort", "Medium"], "high"],
    ] as const) {
      const result = await run([...args], effort);
      expect(result.code, result.stderr).toBe(0);
    }
    // low (the user file) twice, then medium (the flag): 2048, 2048, then the medium budget.
    expect(server.requests.map((r) => r.body.thinking)).toEqual([
      { type: "enabled", budget_tokens: 2048 },
      { type: "enabled", budget_tokens: 2048 },
      { type: "enabled", budget_tokens: 8192 },
    ]);
    expect(server.rejections).toEqual([]);
  });

  it("Anthropic: extended thinking with a budget; signed thinking blocks round-trip through a tool turn and a resume", async () => {
    server.push(
      {
        thinking: "I should list the files first.",
        toolCalls: [{ name: "bash", arguments: { command: "echo hi" } }],
      },
      { thinking: "The output says hi.", text: "It printed hi." },
    );
    const first = await runAgenix(
      ["--model", "claude-sonnet-4-5", "--reasoning-effort", "medium", "what does echo print?"],
      {
        cwd: home.workDir,
        env: anthropicEnv(),
      },
    );
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe("It printed hi.\n"); // thinking is hidden in print mode
    expect(first.stderr).not.toContain("I should list");
    expect(server.rejections).toEqual([]);
    const [req1, req2] = server.requests;
    expect(req1!.body.thinking).toEqual({ type: "enabled", budget_tokens: 8192 });
    expect(req1!.body.max_tokens).toBe(64000);
    // The tool turn continues: the assistant message starts with its signed thinking block.
    const assistantTurn = req2!.body.messages[1];
    expect(assistantTurn.content[0]).toMatchObject({
      type: "thinking",
      thinking: "I should list the files first.",
    });
    expect(assistantTurn.content[0].signature).toMatch(/^sig_/);

    const data = readSession(sessionFiles(home)[0]!);
    expect(data.messages[1].thinking).toEqual([assistantTurn.content[0]]);
    expect(data.messages[3].thinking[0].thinking).toBe("The output says hi.");

    // Resumed with effort from the environment: the earlier thinking goes back as it was signed.
    server.push({ text: "Done." });
    const id = sessionIdFrom(first.stderr);
    const next = await runAgenix(["--session", id, "thanks"], {
      cwd: home.workDir,
      env: { ...anthropicEnv(), AGENIX_REASONING_EFFORT: "low" },
    });
    expect(next.code, next.stderr).toBe(0);
    const req3 = server.requests[2]!;
    expect(req3.body.thinking).toEqual({ type: "enabled", budget_tokens: 2048 });
    expect(req3.body.messages[1].content[0].type).toBe("thinking");
    expect(server.rejections).toEqual([]);
  });

  it("the strict server refuses a tool turn without its thinking block, and an altered signature", async () => {
    const base = {
      model: "claude-sonnet-4-5",
      max_tokens: 64000,
      thinking: { type: "enabled", budget_tokens: 2048 },
      messages: [
        { role: "user", content: "hi" },
        { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "bash", input: {} }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "ok" }] },
      ],
    };
    const post = (body: unknown) =>
      fetch(`${server.url}/v1/messages`, {
        method: "POST",
        headers: { "x-api-key": "k", "anthropic-version": "2023-06-01", "content-type": "application/json" },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error: { message: string } } }));
    const missing = await post(base);
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/must start with a thinking block/);
    const altered = structuredClone(base) as { messages: { content: unknown[] }[] };
    altered.messages[1]!.content.unshift({ type: "thinking", thinking: "changed", signature: "sig_forged" });
    const forged = await post(altered);
    expect(forged.status).toBe(400);
    expect(forged.body.error.message).toMatch(/Invalid `signature` in `thinking` block/);
  });

  it("OpenAI: reasoning_effort for reasoning models; reasoning text kept; a notice once for others", async () => {
    server.push({ thinking: "Count the letters.", text: "Three." });
    const reasoning = await runAgenix(["--model", "o3-mini", "--reasoning-effort", "high", "how many r?"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(reasoning.code, reasoning.stderr).toBe(0);
    expect(reasoning.stdout).toBe("Three.\n");
    expect(server.requests[0]!.body.reasoning_effort).toBe("high");
    const data = readSession(sessionFiles(home)[0]!);
    expect(data.messages[1].thinking).toEqual([{ type: "reasoning", thinking: "Count the letters." }]);

    server.push({ text: "Hello." });
    const plain = await runAgenix(["--model", "gpt-4o", "hi"], {
      cwd: home.workDir,
      env: { ...openaiEnv(home, server), AGENIX_REASONING_EFFORT: "medium" },
    });
    expect(plain.code, plain.stderr).toBe(0);
    expect(server.requests[1]!.body.reasoning_effort).toBeUndefined();
    expect(plain.stderr.match(/reasoning effort "medium" is ignored for gpt-4o/g)).toHaveLength(1);
    expect(server.rejections).toEqual([]);
  });
});

// Prompt caching end to end: the built binary against the scripted server, which caches like the real
// services (test/support/llm-cache.ts). A 40-request Claude session across two processes and a
// compaction reads most of its input from the cache; no request carries more than 4 breakpoints or one
// on a thinking block (the server would refuse it); OpenAI requests keep a byte-identical prefix; and
// `sessions cost` prices cache reads below input.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempHome, runAgenix, type TempHome } from "../support/cli.js";
import type { ScriptedReply } from "../support/llm-server.js";
import { type LlmServer, startLlmServer } from "../support/llm-server.js";
import { isSummaryRequest } from "./compaction-helpers.js";
import { openaiEnv, readSession, sessionFiles, sessionIdFrom } from "./helpers.js";

let home: TempHome;
let server: LlmServer;

const SUMMARY = "## Goal\nRead the notes.\n## Done\nThe first parts are read.";

beforeEach(async () => {
  home = await makeTempHome();
  // A compaction's summary request is answered whenever it comes.
  server = await startLlmServer([], {
    promptCache: true,
    respond: (request) => (isSummaryRequest(request) ? { text: SUMMARY } : undefined),
  });
});
afterEach(async () => {
  await server.close();
  await home.cleanup();
});

function claudeEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...home.env, ANTHROPIC_BASE_URL: server.url, ANTHROPIC_API_KEY: "sk-ant-test", ...extra };
}

/** Writes the user settings file (~/.agenix/settings.json). */
function userSettings(values: unknown): void {
  mkdirSync(path.join(home.home, ".agenix"), { recursive: true });
  writeFileSync(path.join(home.home, ".agenix", "settings.json"), JSON.stringify(values));
}

/** A project file of about 4,000 characters per part, so each read adds ~1,000 tokens. */
function writeNotes(parts: number): void {
  for (let i = 1; i <= parts; i++) {
    const line = `part ${i}: the quick brown fox jumps over the lazy dog ${i}\n`;
    writeFileSync(path.join(home.workDir, `notes-${i}.txt`), line.repeat(Math.ceil(4_000 / line.length)));
  }
}

/** `count` replies that each read the next notes file, then a final answer. */
function readingReplies(from: number, count: number, answer: string): ScriptedReply[] {
  const replies: ScriptedReply[] = [];
  for (let i = from; i < from + count; i++)
    replies.push({ toolCalls: [{ name: "read", arguments: { file_path: `notes-${i}.txt` } }] });
  replies.push({ text: answer });
  return replies;
}

/** Breakpoints of an Anthropic request body, with the block types they sit on. */
// biome-ignore lint/suspicious/noExplicitAny: wire JSON
function breakpoints(body: any): string[] {
  const marked: string[] = [];
  for (const t of body.tools ?? []) if (t.cache_control) marked.push("tool");
  for (const b of Array.isArray(body.system) ? body.system : []) if (b.cache_control) marked.push("system");
  for (const m of body.messages)
    for (const b of Array.isArray(m.content) ? m.content : []) if (b.cache_control) marked.push(b.type);
  return marked;
}

describe("Anthropic prompt caching", () => {
  it("a 40-request session across a resume and a compaction reads at least 80% of its input from the cache", async () => {
    writeNotes(38);
    const window = { AGENIX_CONTEXT_WINDOW: "40000" };
    server.push(...readingReplies(1, 19, "first half done"));
    const first = await runAgenix(["--model", "claude-sonnet-4-6", "read the notes"], {
      cwd: home.workDir,
      env: claudeEnv(window),
    });
    expect(first.code, first.stderr).toBe(0);
    const id = sessionIdFrom(first.stderr);

    // A new process continues the session: same system prompt and tools, so the prefix is still cached.
    server.push(...readingReplies(20, 19, "all done"));
    const second = await runAgenix(["--session", id, "--model", "claude-sonnet-4-6", "go on"], {
      cwd: home.workDir,
      env: claudeEnv(window),
    });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain("Compacted the conversation (auto)");
    expect(server.rejections).toEqual([]);

    const anthropic = server.requests.filter((r) => r.api === "anthropic");
    const turns = anthropic.filter((r) => !isSummaryRequest(r));
    expect(turns).toHaveLength(40);
    for (const request of anthropic) {
      const marks = breakpoints(request.body);
      expect(marks.length).toBeLessThanOrEqual(4);
      expect(marks).not.toContain("thinking");
    }
    // Every turn marks the last tool, the system prompt and the newest two messages (one at the start).
    for (const request of turns)
      expect(breakpoints(request.body)).toHaveLength(2 + Math.min(2, request.body.messages.length));

    const [file] = sessionFiles(home);
    const session = readSession(file!);
    expect(session.compactions).toHaveLength(1);
    // biome-ignore lint/suspicious/noExplicitAny: session JSON
    const usages = session.messages.filter((m: any) => m.role === "assistant").map((m: any) => m.usage);
    usages.push(session.compactions[0].usage);
    const prompt = usages.reduce((sum: number, u: { prompt_tokens: number }) => sum + u.prompt_tokens, 0);
    const read = usages.reduce(
      (sum: number, u: { cache_read_tokens?: number }) => sum + (u.cache_read_tokens ?? 0),
      0,
    );
    console.log(
      `[prompt-caching] 40 requests + 1 summary: ${read} of ${prompt} prompt tokens read from cache (${((read / prompt) * 100).toFixed(1)}%)`,
    );
    expect(read / prompt).toBeGreaterThanOrEqual(0.8);
    // The first request after the resume read the prefix the first process wrote.
    const resumedAt = usages.length > 20 ? usages[20] : undefined;
    expect(resumedAt.cache_read_tokens).toBeGreaterThan(0);

    const stats = await runAgenix(["sessions", "stats", id], { cwd: home.workDir, env: claudeEnv() });
    expect(stats.code, stats.stderr).toBe(0);
    const rate = /Cache hit rate: ([\d.]+)% of prompt tokens read from cache/.exec(stats.stdout);
    expect(Number(rate?.[1])).toBeCloseTo((read / prompt) * 100, 1);
  }, 120_000);
});

describe("breakpoints with extended thinking", () => {
  it("never sit on a thinking block: a thinking tool turn and its resume are accepted by the strict server", async () => {
    writeNotes(2);
    server.push(
      {
        thinking: "Read part 1 first.",
        toolCalls: [{ name: "read", arguments: { file_path: "notes-1.txt" } }],
      },
      { thinking: "Now part 2.", toolCalls: [{ name: "read", arguments: { file_path: "notes-2.txt" } }] },
      { thinking: "Done.", text: "read both" },
      { thinking: "Again.", text: "still fine" },
    );
    const args = ["--model", "claude-sonnet-4-6", "--reasoning-effort", "low"];
    const first = await runAgenix([...args, "read the notes"], { cwd: home.workDir, env: claudeEnv() });
    expect(first.code, first.stderr).toBe(0);
    const again = await runAgenix(["--session", sessionIdFrom(first.stderr), ...args, "and again"], {
      cwd: home.workDir,
      env: claudeEnv(),
    });
    expect(again.code, again.stderr).toBe(0);
    expect(server.rejections).toEqual([]);
    const requests = server.requests.filter((r) => r.api === "anthropic");
    expect(requests).toHaveLength(4);
    for (const request of requests) {
      const marks = breakpoints(request.body);
      expect(marks.length).toBeLessThanOrEqual(4);
      expect(marks.filter((m) => m.includes("thinking"))).toEqual([]);
    }
    // The tool turn's assistant message starts with its thinking block; the breakpoint is on its tool_use.
    const second = requests[1]!.body;
    expect(second.messages[1].content.map((b: { type: string }) => b.type)).toEqual(["thinking", "tool_use"]);
    expect(second.messages[1].content[1].cache_control).toEqual({ type: "ephemeral" });
    // The 4th request (resume) read the prefix cached by the first process.
    expect(readSession(sessionFiles(home)[0]!).messages.at(-1).usage.cache_read_tokens).toBeGreaterThan(0);
  }, 60_000);

  it("settings promptCaching {ttl: '1h'} marks every breakpoint with the 1h TTL; false sends none", async () => {
    userSettings({ promptCaching: { ttl: "1h" } });
    server.push({ text: "one" }, { text: "two" });
    const first = await runAgenix(["--model", "claude-sonnet-4-6", "hi"], {
      cwd: home.workDir,
      env: claudeEnv(),
    });
    expect(first.code, first.stderr).toBe(0);
    const marked = server.requests.at(-1)!.body;
    expect(marked.system[0].cache_control).toEqual({ type: "ephemeral", ttl: "1h" });
    expect(marked.tools.at(-1).cache_control).toEqual({ type: "ephemeral", ttl: "1h" });

    userSettings({ promptCaching: false });
    const second = await runAgenix(["--model", "claude-sonnet-4-6", "hi"], {
      cwd: home.workDir,
      env: claudeEnv(),
    });
    expect(second.code, second.stderr).toBe(0);
    const plain = server.requests.at(-1)!.body;
    expect(breakpoints(plain)).toEqual([]);
    expect(typeof plain.system).toBe("string");
  }, 60_000);
});

describe("the 1h cache lifetime in sessions cost", () => {
  it("records the 1h part of each cache write and prices it at 2x input, above the 5-minute write rate", async () => {
    userSettings({ promptCaching: { ttl: "1h" } });
    server.push({ text: "one" });
    const run = await runAgenix(["--model", "claude-sonnet-4-6", "hi"], {
      cwd: home.workDir,
      env: claudeEnv(),
    });
    expect(run.code, run.stderr).toBe(0);
    const [file] = sessionFiles(home);
    const session = readSession(file!);
    const usage = session.messages.at(-1).usage;
    // The system prompt and tools are over the minimum: all of the write has the 1h lifetime.
    expect(usage.cache_creation_tokens).toBeGreaterThan(0);
    expect(usage.cache_creation_1h_tokens).toBe(usage.cache_creation_tokens);

    const priced = await runAgenix(["sessions", "cost", sessionIdFrom(run.stderr), "--json"], {
      env: claudeEnv(),
    });
    expect(priced.code, priced.stderr).toBe(0);
    const report = JSON.parse(priced.stdout);
    const rates = report.models[0].price_per_million;
    expect(rates.cache_write).toBeGreaterThan(rates.input);
    // The same file without the 1h split is priced as 5-minute writes; the difference is exactly the surcharge.
    delete session.messages.at(-1).usage.cache_creation_1h_tokens;
    writeFileSync(file!, JSON.stringify(session));
    const plain = JSON.parse(
      (await runAgenix(["sessions", "cost", sessionIdFrom(run.stderr), "--json"], { env: claudeEnv() }))
        .stdout,
    );
    const surcharge = (usage.cache_creation_tokens * (2 * rates.input - rates.cache_write)) / 1_000_000;
    expect(surcharge).toBeGreaterThan(0);
    expect(report.total_usd - plain.total_usd).toBeCloseTo(surcharge, 10);
  }, 60_000);
});

describe("OpenAI prompt caching", () => {
  it("consecutive requests share a byte-identical prefix, read from the cache; prompt_cache_key when asked", async () => {
    writeNotes(3);
    server.push(...readingReplies(1, 3, "done"));
    const env = openaiEnv(home, server);
    userSettings({ promptCaching: { cacheKey: true } });
    const run = await runAgenix(["--model", "gpt-4o", "read the notes"], { cwd: home.workDir, env });
    expect(run.code, run.stderr).toBe(0);
    const id = sessionIdFrom(run.stderr);
    const requests = server.requests.filter((r) => r.api === "openai");
    expect(requests).toHaveLength(4);
    for (let i = 1; i < requests.length; i++) {
      const before = requests[i - 1]!.body;
      const after = requests[i]!.body;
      expect(JSON.stringify(after.tools)).toBe(JSON.stringify(before.tools));
      const sent = before.messages.length;
      expect(JSON.stringify(after.messages.slice(0, sent))).toBe(JSON.stringify(before.messages));
      expect(after.prompt_cache_key).toBe(id);
    }
    // biome-ignore lint/suspicious/noExplicitAny: session JSON
    const answers = readSession(sessionFiles(home)[0]!).messages.filter((m: any) => m.role === "assistant");
    expect(answers[0].usage.cache_read_tokens ?? 0).toBe(0);
    for (const answer of answers.slice(1))
      expect(answer.usage.cache_read_tokens).toBeGreaterThanOrEqual(1024);
  }, 60_000);

  it("sends no prompt_cache_key to a compatible server unless settings ask for it", async () => {
    server.push({ text: "hi" });
    const run = await runAgenix(["--model", "gpt-4o", "hello"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(server.requests.at(-1)!.body).not.toHaveProperty("prompt_cache_key");
  }, 30_000);
});

describe("cache pricing", () => {
  it("sessions cost prices cache reads below input, and the JSON cost_usd counts them that way", async () => {
    server.push({
      text: "cached answer",
      usage: { prompt_tokens: 100_000, cache_read_tokens: 90_000, completion_tokens: 1000 },
    });
    const run = await runAgenix(["--model", "claude-sonnet-4-6", "--output-format", "json", "hi"], {
      cwd: home.workDir,
      env: claudeEnv(),
    });
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    // claude-sonnet-4-6: $3 input, $0.30 cache read, $15 output per million tokens.
    const expected = (10_000 * 3 + 90_000 * 0.3 + 1000 * 15) / 1_000_000;
    expect(result.cost_usd).toBeCloseTo(expected, 6);
    expect(result.cost_usd).toBeLessThan((100_000 * 3 + 1000 * 15) / 1_000_000);

    const cost = await runAgenix(["sessions", "cost", result.session_id], {
      cwd: home.workDir,
      env: home.env,
    });
    expect(cost.code, cost.stderr).toBe(0);
    expect(cost.stdout).toContain("prompt 100000 (cache read 90000, cache write 0)");
    expect(cost.stdout).toContain("per 1M tokens: input $3, output $15, cache read $0.3, cache write $3.75");
    expect(cost.stdout).toContain(`Estimated cost: $${expected.toFixed(4)}`);
  }, 60_000);
});

// Compaction end to end: the built binary in a temp HOME against the strict scripted server, with a
// small context window. Automatic compaction, what is sent after it, the file keeping every message
// (and the spec's Python scripts still counting it), resume, the context-length error path for both
// providers, compaction switched off, `sessions compact`, a failing summary, bad settings.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SessionManager } from "../../src/sessions/manager.js";
import { makeTempHome, runAgenix, type TempHome } from "../support/cli.js";
import { type LlmServer, startLlmServer } from "../support/llm-server.js";
import {
  isSummaryRequest,
  longMessage,
  requestTexts,
  runSnippet,
  waitForRequest,
} from "./compaction-helpers.js";
import { openaiEnv, readSession, sessionFiles, sessionIdFrom, startAgenix } from "./helpers.js";

let home: TempHome;
let server: LlmServer;

beforeEach(async () => {
  home = await makeTempHome();
  server = await startLlmServer([], { promptTokensFromRequest: true });
});
afterEach(async () => {
  await server.close();
  await home.cleanup();
});

type Api = "openai" | "anthropic";

function envFor(api: Api, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base =
    api === "openai"
      ? openaiEnv(home, server)
      : { ...home.env, ANTHROPIC_BASE_URL: server.url, ANTHROPIC_API_KEY: "sk-ant-test" };
  return { ...base, ...extra };
}

const MODEL: Record<Api, string> = { openai: "gpt-4o", anthropic: "claude-sonnet-4-5" };

async function turn(api: Api, message: string, id: string | undefined, extra: Record<string, string> = {}) {
  const args = [...(id ? ["--session", id] : []), "--model", MODEL[api], message];
  return runAgenix(args, { cwd: home.workDir, env: envFor(api, extra) });
}

/** Two long exchanges: the start of every scenario. Returns the session id. */
async function twoTurns(api: Api, extra: Record<string, string> = {}): Promise<string> {
  server.push({ text: "answer 1" }, { text: "answer 2" });
  const first = await turn(api, longMessage(1), undefined, extra);
  expect(first.code, first.stderr).toBe(0);
  const id = sessionIdFrom(first.stderr);
  const second = await turn(api, longMessage(2), id, extra);
  expect(second.code, second.stderr).toBe(0);
  expect(second.stderr).not.toContain("Compacted");
  return id;
}

// Sized for the default tools' schemas (~1,000 tokens of every request): two long turns fit, a third crosses.
const SMALL_WINDOW = { AGENIX_CONTEXT_WINDOW: "7000" };

describe("automatic compaction past a small AGENIX_CONTEXT_WINDOW", () => {
  it("summarizes, sends system + summary + kept messages, keeps every message in the file, and resumes the same", async () => {
    server.setContextLimit(7000); // the strict server refuses anything over the window
    const id = await twoTurns("openai", SMALL_WINDOW);
    server.push({ text: "## Goal\nSUMMARY-ONE: the user sent three long turns." }, { text: "answer 3" });
    const third = await turn("openai", longMessage(3), id, SMALL_WINDOW);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toBe("answer 3\n");
    const lines = third.stderr.split("\n").filter((l) => l.startsWith("Compacted the conversation (auto)"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/-> [\d,]+ \(\d+%\) tokens of a 7,000-token window/);

    // The summary request saw the older turns (not the kept one); the request after it holds only
    // the system prompt, the summary and the kept message, and the strict server accepted it.
    const summaryAt = server.requests.findIndex(isSummaryRequest);
    const summaryText = requestTexts(server.requests[summaryAt]!).join("\n");
    expect(summaryText).toContain("turn 1:");
    expect(summaryText).toContain("turn 2:");
    expect(summaryText).not.toContain("turn 3:");
    const after = server.requests[summaryAt + 1]!;
    expect(after.body.messages[0].role).toBe("system");
    const texts = requestTexts(after);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(/^\[Summary of the earlier conversation/);
    expect(texts[0]).toContain("SUMMARY-ONE");
    expect(texts[1]).toBe(longMessage(3));
    expect(server.rejections).toEqual([]);

    // The file: every message, the compaction record after them.
    const [file] = sessionFiles(home);
    const data = readSession(file!);
    expect(data.messages.map((m: { role: string }) => m.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
    expect(Object.keys(data).indexOf("compactions")).toBeGreaterThan(Object.keys(data).indexOf("messages"));
    expect(data.compactions).toHaveLength(1);
    const record = data.compactions[0];
    expect(record).toMatchObject({
      first_kept_index: 4,
      summary: "## Goal\nSUMMARY-ONE: the user sent three long turns.",
      model: "gpt-4o",
      trigger: "auto",
    });
    expect(record.usage.prompt_tokens).toBeGreaterThan(0);
    expect(record.tokens_before).toBeGreaterThan(record.tokens_after);
    expect(record.timestamp).toMatch(/Z$/);

    // The spec's scripts count the messages, as before (the summary's usage is not a message).
    const messageTotal = data.messages.reduce(
      (n: number, m: { usage?: { total_tokens: number } }) => n + (m.usage?.total_tokens ?? 0),
      0,
    );
    expect(runSnippet("token_usage.py", file!).trim()).toBe(`Total tokens: ${messageTotal}`);
    expect(runSnippet("session_statistics.py", file!)).toContain("Messages: 6\n");

    // Resuming sends the same context: system, summary, the kept messages, the new one.
    server.push({ text: "answer 4" });
    const fourth = await turn("openai", "a short follow-up", id, SMALL_WINDOW);
    expect(fourth.code, fourth.stderr).toBe(0);
    expect(fourth.stderr).not.toContain("Compacted");
    const resumed = requestTexts(server.requests.at(-1)!);
    expect(resumed).toEqual([texts[0], longMessage(3), "answer 3", "a short follow-up"]);

    // show marks the compaction; stats count it and its tokens; cost prices the summary.
    const show = await runAgenix(["sessions", "show", id], { cwd: home.workDir, env: home.env });
    const marker = show.stdout.indexOf("══ compaction (auto, gpt-4o)");
    expect(marker).toBeGreaterThan(show.stdout.indexOf("turn 2:"));
    expect(marker).toBeLessThan(show.stdout.indexOf("turn 3:"));
    const stats = await runAgenix(["sessions", "stats", id, "--json"], { cwd: home.workDir, env: home.env });
    const statsJson = JSON.parse(stats.stdout);
    expect(statsJson.compactions).toBe(1);
    expect(statsJson.summary_usage.prompt_tokens).toBe(record.usage.prompt_tokens);
    const final = readSession(file!);
    const finalTotal = final.messages.reduce(
      (n: number, m: { usage?: { total_tokens: number } }) => n + (m.usage?.total_tokens ?? 0),
      0,
    );
    expect(statsJson.usage.total_tokens).toBe(finalTotal);
    expect(runSnippet("token_usage.py", file!).trim()).toBe(`Total tokens: ${finalTotal}`);
    const cost = await runAgenix(["sessions", "cost", id], { cwd: home.workDir, env: home.env });
    expect(cost.stdout).toMatch(
      /Compaction summaries on gpt-4o: 1 request, prompt \d+, completion \d+, cost: \$/,
    );
  });
});

describe("kill -9 during a compaction", () => {
  it("leaves the previous state loadable, with the user's message saved; the next run compacts", async () => {
    const id = await twoTurns("openai", SMALL_WINDOW);
    server.push({ fault: "hang" });
    const run = startAgenix(["--session", id, "--model", "gpt-4o", longMessage(3)], {
      cwd: home.workDir,
      env: envFor("openai", SMALL_WINDOW),
    });
    await waitForRequest(server, isSummaryRequest);
    run.child.kill("SIGKILL");
    expect((await run.exit).signal).toBe("SIGKILL");

    const manager = new SessionManager({ dir: home.sessionDir });
    const data = await manager.loadSession(id, { workingDir: home.workDir });
    expect(data.messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
    expect(data.compactions).toBeUndefined();

    server.push({ text: "SUMMARY-AFTER-KILL" }, { text: "answer 3" });
    const again = await turn("openai", "continue", id, SMALL_WINDOW);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("Compacted the conversation (auto)");
    expect(readSession(sessionFiles(home)[0]!).compactions).toHaveLength(1);
    expect(server.rejections).toEqual([]);
  });
});

describe.each(["openai", "anthropic"] as const)("%s: the provider's context-length error", (api) => {
  it("compacts and retries once; a summary that fails leaves the session as it was", async () => {
    const id = await twoTurns(api);
    // The window the agent assumes is the catalog's (large); the server's is just over the last request.
    const lastSize = JSON.stringify(server.requests.at(-1)!.body).length;
    server.setContextLimit(Math.ceil(lastSize / 4) + 300);
    server.push({ text: "SUMMARY-OVERFLOW" }, { text: "answer 3" });
    const third = await turn(api, longMessage(3), id);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toBe("answer 3\n");
    expect(third.stderr).toContain("Compacted the conversation (auto)");
    expect(server.rejections).toHaveLength(1);
    expect(server.rejections[0]!.message).toMatch(
      api === "openai"
        ? /^This model's maximum context length is \d+ tokens/
        : /^prompt is too long: \d+ tokens > \d+ maximum$/,
    );
    const retried = requestTexts(server.requests.at(-1)!);
    expect(retried[0]).toContain("SUMMARY-OVERFLOW");
    expect(retried.at(-1)).toBe(longMessage(3));

    // A window too small even for the summary request: the error says so; nothing is lost or added.
    server.setContextLimit(600);
    const fourth = await turn(api, longMessage(4), id);
    expect(fourth.code).toBe(1);
    expect(fourth.stderr).toMatch(
      /Compaction failed: the summary request failed: .*The session is unchanged/,
    );
    const data = readSession(sessionFiles(home)[0]!);
    expect(data.compactions).toHaveLength(1);
    expect(data.messages.at(-1)).toMatchObject({ role: "user", content: longMessage(4) });
  });
});

describe("compaction switched off, and by hand", () => {
  it("the context-length error says how to compact; `sessions compact` does it with instructions", async () => {
    const off = { AGENIX_AUTO_COMPACT: "off" };
    const id = await twoTurns("openai", off);
    const lastSize = JSON.stringify(server.requests.at(-1)!.body).length;
    server.setContextLimit(Math.ceil(lastSize / 4) + 300);
    const third = await turn("openai", longMessage(3), id, off);
    expect(third.code).toBe(1);
    expect(third.stderr).toContain("Automatic compaction is off");
    expect(third.stderr).toContain(`agenix sessions compact ${id}`);
    expect(server.requests.filter(isSummaryRequest)).toHaveLength(0);

    server.push({ text: "MANUAL-SUMMARY" });
    const compacted = await runAgenix(
      ["sessions", "compact", id, "--instructions", "keep the lorem ipsum counts"],
      { cwd: home.workDir, env: envFor("openai") },
    );
    expect(compacted.code, compacted.stderr).toBe(0);
    expect(compacted.stdout).toMatch(/^Compacted the conversation \(manual\)/);
    expect(requestTexts(server.requests.at(-1)!).join("\n")).toContain("keep the lorem ipsum counts");
    const record = readSession(sessionFiles(home)[0]!).compactions[0];
    // The default keep (20,000 tokens) holds turns 2 and 3: only turn 1 is summarized.
    expect(record).toMatchObject({ trigger: "manual", summary: "MANUAL-SUMMARY", first_kept_index: 2 });

    server.setContextLimit(undefined);
    server.push({ text: "answer 3" });
    const again = await turn("openai", "continue", id, off);
    expect(again.code, again.stderr).toBe(0);
    expect(requestTexts(server.requests.at(-1)!)[0]).toContain("MANUAL-SUMMARY");
  });
});

describe("bad compaction settings", () => {
  it.each(["abc", "-5", "0", "12.5"])(
    "AGENIX_CONTEXT_WINDOW=%s fails at start, naming the setting",
    async (value) => {
      const result = await turn("openai", "hi", undefined, { AGENIX_CONTEXT_WINDOW: value });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^Error: Invalid AGENIX_CONTEXT_WINDOW: "[^"]*" \(expected a positive number of tokens/,
      );
      expect(sessionFiles(home)).toEqual([]);
      expect(server.requests).toEqual([]);
    },
  );

  it("a bad --reasoning-effort or AGENIX_AUTO_COMPACT fails at start", async () => {
    const effort = await runAgenix(["--reasoning-effort", "max", "hi"], {
      cwd: home.workDir,
      env: envFor("openai"),
    });
    expect(effort.code).not.toBe(0);
    expect(effort.stderr).toContain(
      'Invalid --reasoning-effort: "max" (expected none, minimal, low, medium, high or xhigh)',
    );
    const auto = await turn("openai", "hi", undefined, { AGENIX_AUTO_COMPACT: "maybe" });
    expect(auto.code).toBe(1);
    expect(auto.stderr).toContain('Invalid AGENIX_AUTO_COMPACT: "maybe"');
    expect(server.requests).toEqual([]);
  });
});

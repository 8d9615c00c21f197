// Compaction when the server's usage cannot be trusted (local servers often report none, or wrong
// numbers): after a context-length error the estimate comes from the request itself, and with no
// usage at all from characters throughout. The built binary against the strict scripted server.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempHome, runAgenix, type TempHome } from "../support/cli.js";
import { type LlmServer, startLlmServer } from "../support/llm-server.js";
import type { ScriptedUsage } from "../support/llm-wire.js";
import { isSummaryRequest, longMessage, requestTexts } from "./compaction-helpers.js";
import { openaiEnv, readSession, sessionFiles, sessionIdFrom } from "./helpers.js";

let home: TempHome;
let server: LlmServer;

beforeEach(async () => {
  home = await makeTempHome();
  // Usage is whatever each reply says: no estimate from the request.
  server = await startLlmServer([]);
});
afterEach(async () => {
  await server.close();
  await home.cleanup();
});

async function turn(message: string, id: string | undefined, extra: Record<string, string> = {}) {
  const args = [...(id ? ["--session", id] : []), "--model", "gpt-4o", message];
  return runAgenix(args, { cwd: home.workDir, env: { ...openaiEnv(home, server), ...extra } });
}

type Usage = ScriptedUsage | null;

/** Two long exchanges answered with the given usage. Returns the session id. */
async function twoTurns(usage: Usage, extra: Record<string, string> = {}, chars = 4_000) {
  server.push({ text: "answer 1", usage }, { text: "answer 2", usage });
  const first = await turn(longMessage(1, chars), undefined, extra);
  expect(first.code, first.stderr).toBe(0);
  const id = sessionIdFrom(first.stderr);
  const second = await turn(longMessage(2, chars), id, extra);
  expect(second.code, second.stderr).toBe(0);
  expect(second.stderr).not.toContain("Compacted");
  return id;
}

describe("usage that is too small, then the provider's context-length error", () => {
  it("compacts from the request's own size and retries; the next turn goes on", async () => {
    // A local server that reports a fraction of the real prompt size.
    const id = await twoTurns({ prompt_tokens: 40, completion_tokens: 5 });
    const lastSize = JSON.stringify(server.requests.at(-1)!.body).length;
    server.setContextLimit(Math.ceil(lastSize / 4) + 300);
    server.push({ text: "SUMMARY-OF-TURN-1", usage: { prompt_tokens: 40 } }, { text: "answer 3" });
    const third = await turn(longMessage(3), id);
    expect(third.stderr).not.toContain("would free only");
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toBe("answer 3\n");
    expect(third.stderr).toContain("Compacted the conversation (auto)");
    expect(server.rejections).toHaveLength(1);
    expect(server.requests.filter(isSummaryRequest)).toHaveLength(1);
    const retried = requestTexts(server.requests.at(-1)!);
    expect(retried[0]).toContain("SUMMARY-OF-TURN-1");
    expect(retried.join("\n")).not.toContain(longMessage(1));
    expect(retried.at(-1)).toBe(longMessage(3));
    const record = readSession(sessionFiles(home)[0]!).compactions[0];
    // The size before is the request's characters / 4 (three 4,000-character messages and more),
    // not the 40 + 5 tokens the server claimed plus the new message.
    expect(record.tokens_before).toBeGreaterThan(3_000);
    expect(record.first_kept_index).toBe(2);
  });

  it("refuses only when the kept messages alone exceed the window", async () => {
    // A 4,000-token window: the wrong usage (45) plus the new message (2,700 tokens) stays under the
    // threshold, so the request goes out; the provider refuses it; what would be kept (the tools and
    // system prompt, about 1,600 tokens, and the new message) is more than the window.
    const window = { AGENIX_CONTEXT_WINDOW: "4000" };
    const id = await twoTurns({ prompt_tokens: 40, completion_tokens: 5 }, window);
    server.setContextLimit(2_000);
    const third = await turn(longMessage(3, 10_800), id, window);
    expect(third.code).toBe(1);
    expect(third.stderr).toMatch(
      /The provider says the conversation is too long, and the most recent messages alone are about [\d,]+ tokens, more than the 4,000-token window/,
    );
    expect(server.rejections).toHaveLength(1);
    expect(server.requests.filter(isSummaryRequest)).toHaveLength(0);
    const data = readSession(sessionFiles(home)[0]!);
    expect(data.compactions).toBeUndefined();
    const last = data.messages.at(-1);
    expect(last.role).toBe("user");
    expect(last.content === longMessage(3, 10_800).trim()).toBe(true);
  });
});

describe("a server that reports no usage at all", () => {
  it("estimates from characters: compacts before the window is full, with no request refused", async () => {
    // The tools and system prompt are about 2,700 tokens, each message about 1,750: the third
    // crosses the 6,750 tokens the 9,000-token window allows before its 2,250-token reserve.
    const window = { AGENIX_CONTEXT_WINDOW: "9000" };
    const id = await twoTurns(null, window, 7_000);
    server.setContextLimit(9_000);
    server.push({ text: "SUMMARY-NO-USAGE", usage: null }, { text: "answer 3", usage: null });
    const third = await turn(longMessage(3, 7_000), id, window);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stderr).toContain("Compacted the conversation (auto)");
    expect(server.rejections).toEqual([]);
    const data = readSession(sessionFiles(home)[0]!);
    // Nothing to go by: the saved messages carry no prompt size (agenix records zeros).
    const sizes = data.messages.map(
      (m: { usage?: { prompt_tokens: number } }) => m.usage?.prompt_tokens ?? 0,
    );
    expect(sizes.every((n: number) => n === 0)).toBe(true);
    expect(data.compactions[0].tokens_before).toBeGreaterThan(6_000);
    expect(requestTexts(server.requests.at(-1)!)[0]).toContain("SUMMARY-NO-USAGE");
  });
});

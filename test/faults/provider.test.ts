// Provider faults end to end through the binary: 429 with retry-after, 500, 529 (Anthropic), a
// connection reset mid-stream, a stream that stops without its finish, and a response slower than
// the timeout (AGENIX_REQUEST_TIMEOUT_MS). The session file stays valid, the saved answer holds no
// duplicated streamed text, and stderr says what happened.
import { describe, expect, it } from "vitest";
import { SessionSchema } from "../../src/messages/schema.js";
import { openaiEnv, readSession, sessionFiles, sessionIdFrom } from "../e2e/helpers.js";
import { runAgenix, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer, ScriptedReply } from "../support/llm-server.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

const ANSWER = "The final answer, streamed word by word.";
const PARTIAL = "partial words that must not be saved";

function anthropicEnv(): NodeJS.ProcessEnv {
  return { ...home.env, ANTHROPIC_BASE_URL: server.url, ANTHROPIC_API_KEY: "sk-ant-test-key" };
}

async function run(faults: ScriptedReply[], options: { anthropic?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  server.push(...faults);
  const env = { ...(options.anthropic ? anthropicEnv() : openaiEnv(home, server)), ...options.env };
  const args = options.anthropic ? ["--model", "claude-sonnet-4-5", "question"] : ["question"];
  const result = await runAgenix(args, { cwd: home.workDir, env, timeoutMs: 60_000 });
  const files = sessionFiles(home);
  expect(files).toHaveLength(1);
  const data = readSession(files[0] as string);
  expect(SessionSchema.safeParse(data).success).toBe(true);
  expect(sessionIdFrom(result.stderr)).toBe(data.id);
  expect(JSON.stringify(data)).not.toMatch(/sk-(ant-)?test-key/);
  expect(server.rejections).toEqual([]);
  return { result, data };
}

/** A recovered run: exit 0, the answer once on stdout and once in the file, no partial text saved. */
function expectRecovered(r: Awaited<ReturnType<typeof run>>, retryNote: RegExp) {
  expect(r.result.code, r.result.stderr).toBe(0);
  expect(r.result.stderr).toMatch(retryNote);
  expect(r.result.stdout).toBe(`${ANSWER}\n`);
  const roles = r.data.messages.map((m: { role: string }) => m.role);
  expect(roles).toEqual(["user", "assistant"]);
  expect(r.data.messages[1].content).toEqual([{ type: "text", text: ANSWER }]);
  expect(JSON.stringify(r.data)).not.toContain("partial words");
}

describe("provider faults through the binary", () => {
  it("429 with retry-after: a retry note, then the answer", async () => {
    const r = await run([{ status: 429, headers: { "retry-after": "0" } }, { text: ANSWER }]);
    expectRecovered(r, /Retrying in [\d.]+s \(attempt 2\/4\): 429 /);
  });

  it("500: a retry note, then the answer", async () => {
    const r = await run([{ status: 500 }, { text: ANSWER }]);
    expectRecovered(r, /Retrying in [\d.]+s \(attempt 2\/4\): 500 /);
  });

  it("529 overloaded (Anthropic): a retry note, then the answer", async () => {
    const r = await run([{ status: 529, headers: { "retry-after": "0" } }, { text: ANSWER }], {
      anthropic: true,
    });
    expectRecovered(r, /Retrying in [\d.]+s \(attempt 2\/4\): 529 /);
  });

  for (const anthropic of [false, true]) {
    const api = anthropic ? "anthropic" : "openai";
    it(`connection reset mid-stream (${api}): the partial text is discarded, not duplicated`, async () => {
      const r = await run([{ fault: "reset-mid-stream", text: PARTIAL }, { text: ANSWER }], { anthropic });
      expectRecovered(r, /Retrying in /);
    });

    it(`a stream that ends without its finish (${api}) is retried`, async () => {
      const r = await run([{ fault: "stream-ends-without-finish", text: PARTIAL }, { text: ANSWER }], {
        anthropic,
      });
      expectRecovered(r, /Retrying in /);
    });
  }

  it("a response slower than AGENIX_REQUEST_TIMEOUT_MS is abandoned and retried", async () => {
    const r = await run([{ fault: "hang" }, { text: ANSWER }], {
      env: { AGENIX_REQUEST_TIMEOUT_MS: "1500" },
    });
    expectRecovered(r, /Retrying in .*(timed out|no answer within|within 1\.5s)/i);
  });

  it("a model that never answers ends with a clear timeout error; the user's message is saved", async () => {
    const r = await run([{ fault: "hang" }, { fault: "hang" }, { fault: "hang" }, { fault: "hang" }], {
      env: { AGENIX_REQUEST_TIMEOUT_MS: "200" },
    });
    expect(r.result.code).not.toBe(0);
    expect(r.result.stderr).toMatch(/^Error: openai did not answer within 0\.2s after 4 attempts/m);
    expect(r.data.messages.map((m: { role: string }) => m.role)).toEqual(["user"]);
  });

  it("500 on every attempt ends with the final error naming the status; the session stays valid", async () => {
    const r = await run(
      [{ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }].map((f) => ({
        ...f,
        headers: { "retry-after": "0" },
      })),
    );
    expect(r.result.code).not.toBe(0);
    expect(r.result.stderr).toMatch(/^Error: openai failed with HTTP 500 .*after 4 attempts/m);
    expect(r.result.stdout).toBe("");
    expect(r.data.messages.map((m: { role: string }) => m.role)).toEqual(["user"]);
  });

  it("an invalid AGENIX_REQUEST_TIMEOUT_MS is refused before anything is saved", async () => {
    const env = { ...openaiEnv(home, server), AGENIX_REQUEST_TIMEOUT_MS: "soon" };
    const result = await runAgenix(["question"], { cwd: home.workDir, env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: Invalid AGENIX_REQUEST_TIMEOUT_MS: "soon"/);
    expect(sessionFiles(home)).toEqual([]);
  });
});

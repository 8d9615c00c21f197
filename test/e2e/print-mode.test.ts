// Print mode through the real binary, in a temp HOME, against the strict scripted LLM server.
import { writeFileSync } from "node:fs";
import path from "node:path";
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

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const usage = { prompt_tokens: 100, completion_tokens: 50 };

describe('agenix "message" (print mode)', () => {
  it("runs the spec's example conversation and writes the spec's JSON structure", async () => {
    writeFileSync(path.join(home.workDir, "file1.py"), "");
    writeFileSync(path.join(home.workDir, "file2.py"), "");
    server.push(
      {
        text: "I'll check...",
        toolCalls: [{ id: "call_123", name: "bash", arguments: { command: "ls -la" } }],
        usage,
      },
      { text: "You have 2 Python files...", usage: { prompt_tokens: 200, completion_tokens: 20 } },
    );
    const run = await runAgenix(["What files are in this directory?"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("You have 2 Python files...\n"); // only the final answer when piped
    expect(run.stderr).toContain("⏺ bash(ls -la)\n  ⎿ ");
    const id = sessionIdFrom(run.stderr);
    expect(id).toMatch(/^\d{8}_\d{6}$/);

    const files = sessionFiles(home);
    expect(files).toEqual([
      path.join(home.sessionDir, home.workDir.slice(1).replaceAll("/", "_"), `${id}.json`),
    ]);
    const raw = readSession(files[0] as string);
    expect(Object.keys(raw).slice(0, 7)).toEqual([
      "id",
      "working_dir",
      "model",
      "created_at",
      "updated_at",
      "metadata",
      "messages",
    ]);
    expect(raw).toMatchObject({
      id,
      working_dir: home.workDir,
      model: "gpt-4o",
      metadata: {},
      provider: "openai",
    });
    expect(raw.system_prompt).toBeUndefined();
    for (const t of [
      raw.created_at,
      raw.updated_at,
      ...raw.messages.map((m: { timestamp: string }) => m.timestamp),
    ]) {
      expect(t).toMatch(TIMESTAMP);
    }
    const [user, call, result, answer] = raw.messages;
    expect(raw.messages).toHaveLength(4);
    expect(user).toEqual({
      role: "user",
      content: "What files are in this directory?",
      timestamp: user.timestamp,
    });
    expect(call).toMatchObject({
      role: "assistant",
      content: [{ type: "text", text: "I'll check..." }],
      tool_calls: [{ id: "call_123", name: "bash", arguments: { command: "ls -la" } }],
      model: "gpt-4o",
      usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
    });
    expect(result).toMatchObject({ role: "tool", tool_call_id: "call_123", name: "bash", is_error: false });
    expect(result.content).toContain("file1.py");
    expect(Object.keys(result)).toEqual(["role", "tool_call_id", "name", "content", "is_error", "timestamp"]);
    expect(answer).toMatchObject({
      role: "assistant",
      content: [{ type: "text", text: "You have 2 Python files..." }],
    });
    expect(JSON.stringify(raw)).not.toContain("sk-test-key-123");
    expect(server.rejections).toEqual([]);
  });

  it("--session and --continue send the whole history; --name/--tag set metadata", async () => {
    const env = openaiEnv(home, server);
    server.push(
      { text: "", toolCalls: [{ name: "bash", arguments: { command: "echo hi" } }] },
      { text: "first answer" },
    );
    const first = await runAgenix(["first", "question", "--name", "Demo", "--tag", "a", "--tag", "b"], {
      cwd: home.workDir,
      env,
    });
    expect(first.code, first.stderr).toBe(0);
    const id = sessionIdFrom(first.stderr);

    server.push({ text: "second answer" });
    const second = await runAgenix(["--session", id, "second"], { cwd: home.home, env });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe("second answer\n");
    expect(second.stderr).toContain(`Working directory: ${home.workDir} (from the session)`);
    const sent = server.requests.at(-1)?.body.messages.map((m: { role: string }) => m.role);
    expect(sent).toEqual(["system", "user", "assistant", "tool", "assistant", "user"]);

    server.push({ text: "third answer" });
    const third = await runAgenix(["-c", "third"], { cwd: home.workDir, env });
    expect(third.code, third.stderr).toBe(0);
    expect(sessionIdFrom(third.stderr)).toBe(id);
    expect(server.requests.at(-1)?.body.messages).toHaveLength(8);
    expect(server.rejections).toEqual([]);

    const data = readSession(sessionFiles(home)[0] as string);
    expect(sessionFiles(home)).toHaveLength(1);
    expect(data.metadata).toEqual({ name: "Demo", tags: ["a", "b"] });
    expect(data.messages).toHaveLength(8);
  });

  it("--continue without a session, and a missing key, fail before any file is written", async () => {
    const noSession = await runAgenix(["-c", "hello"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(noSession.code).toBe(1);
    expect(noSession.stderr).toMatch(/^Error: No saved session to continue in /);

    const noKey = await runAgenix(["hello"], { cwd: home.workDir, env: home.env });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/^Error: No model provider is set up\. Any one of these works:\n/);
    const badDir = await runAgenix(["--working-dir", "nope", "hello"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(badDir.stderr).toBe(
      `Error: Working directory does not exist: ${path.join(home.workDir, "nope")}\n`,
    );
    // Without a terminal: no message prints the help; --resume (a picker) says what to do instead.
    const help = await runAgenix([], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: agenix/);
    const resume = await runAgenix(["--resume"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(resume.code).toBe(2);
    expect(resume.stderr).toMatch(/^Error: --resume opens a picker and needs a terminal\./);
    expect(sessionFiles(home)).toEqual([]);
    expect(server.requests).toEqual([]);
  });

  it("switches provider mid-session: OpenAI first, then Anthropic via --model claude-*", async () => {
    const env = openaiEnv(home, server);
    server.push(
      { text: "looking", toolCalls: [{ name: "bash", arguments: { command: "pwd" } }] },
      { text: "done (openai)" },
    );
    const first = await runAgenix(["where am I?"], { cwd: home.workDir, env });
    const id = sessionIdFrom(first.stderr);

    server.push({
      text: "done (anthropic)",
      usage: { prompt_tokens: 30, completion_tokens: 3, cache_read_tokens: 10 },
    });
    const anthropicEnv = {
      ...home.env,
      ANTHROPIC_BASE_URL: server.url,
      ANTHROPIC_API_KEY: "sk-ant-test-key",
    };
    const second = await runAgenix(["--session", id, "--model", "claude-3-5-sonnet-latest", "and now?"], {
      cwd: home.workDir,
      env: anthropicEnv,
    });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe("done (anthropic)\n");
    expect(server.requests.at(-1)?.api).toBe("anthropic");
    expect(server.rejections).toEqual([]);
    const data = readSession(sessionFiles(home)[0] as string);
    expect(data).toMatchObject({ model: "claude-3-5-sonnet-latest", provider: "anthropic" });
    expect(data.messages.at(-1)).toMatchObject({
      model: "claude-3-5-sonnet-latest",
      usage: { total_tokens: 33 },
    });
  });

  it("retries 429 and 500 with a note on stderr; --json prints one object", async () => {
    server.push({ status: 429, headers: { "retry-after": "0" } }, { status: 500 }, { text: "ok", usage });
    const run = await runAgenix(["--json", "hi"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr.match(/Retrying/g)).toHaveLength(2);
    const result = JSON.parse(run.stdout);
    expect(Object.keys(result).slice(0, 5)).toEqual([
      "session_id",
      "response",
      "usage",
      "stop_reason",
      "denied",
    ]);
    expect(result).toMatchObject({
      session_id: sessionIdFrom(run.stderr),
      response: "ok",
      usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
      stop_reason: "end",
      denied: [],
    });
  });

  it("a provider error exits 1 with the session kept; --max-turns stops with a warning and exit 5", async () => {
    server.push({ status: 401 });
    const failed = await runAgenix(["hi"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Error: .*\nSession: /);
    const kept = readSession(sessionFiles(home)[0] as string);
    expect(kept.messages.map((m: { role: string }) => m.role)).toEqual(["user"]);

    server.push({ text: "step", toolCalls: [{ name: "bash", arguments: { command: "true" } }] });
    const limited = await runAgenix(["--max-turns", "1", "work"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(limited.code, limited.stderr).toBe(5); // its own exit code (issue 24)
    expect(limited.stderr).toContain("--max-turns");
    expect(limited.stdout).toBe("step\n");
  });

  it("appends piped stdin to the message and strips escape sequences from the answer", async () => {
    server.push({ text: "safe\u001b]52;c;ZXZpbA==\u0007 text\u001b[2J" });
    const run = await runAgenix(["review:"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
      input: "line 1\nline 2\n",
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("safe text\n");
    expect(server.requests[0]?.body.messages.at(-1)).toMatchObject({
      role: "user",
      content: "review:\n\nline 1\nline 2",
    });
  });
});

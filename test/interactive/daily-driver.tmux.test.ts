// The daily driver in the real binary under tmux, against the scripted LLM server: the waiting
// spinner, the message queue, keys in one burst, inline diffs, @file mentions, !commands, /model
// across providers and the /sessions text.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAgenix, type TempHome } from "../support/cli.js";
import type { LlmServer, ScriptedReply } from "../support/llm-server.js";
import { type TmuxPane, waitUntil } from "./tmux.js";
import { tmuxFixture } from "./tmux-fixture.js";

const tmux = tmuxFixture();
let home: TempHome;
let server: LlmServer;

async function setup(...replies: ScriptedReply[]) {
  ({ home, server } = await tmux.setup(replies));
}

async function open(args: string[] = []): Promise<TmuxPane> {
  const pane = tmux.open({ args });
  await pane.waitFor("/help for commands");
  return pane;
}

function sessionFile(): string {
  const folders = readdirSync(home.sessionDir);
  const dir = path.join(home.sessionDir, folders[0]!);
  return path.join(dir, readdirSync(dir).find((f) => f.endsWith(".json") && !f.startsWith("."))!);
}

const lastUserContent = (i: number) => server.requests[i]?.body.messages.at(-1)?.content;

describe("the daily driver in tmux", () => {
  it("shows a spinner with elapsed seconds while waiting, and the token count once text streams", async () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");
    await setup({
      text: words,
      delayMs: 2500,
      chunkDelayMs: 60,
      usage: { prompt_tokens: 5, completion_tokens: 90 },
    });
    const p = await open();
    p.type("hello");
    p.keys("Enter");
    await p.waitFor(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Thinking… \d+s · Esc to interrupt/);
    await p.waitFor(/Thinking… [1-9]\d*s/); // the clock moves
    await p.waitFor(/Writing… \d+s · ↓ \d+ tokens · Esc to interrupt/);
    const done = await p.waitFor("word59");
    await waitUntil(() => !/Writing…|Thinking…/.test(p.screen()), "the spinner is gone after the answer");
    expect(done).toContain("word0");
  });

  it("queues a message typed during a turn (greyed under the prompt) and sends it when the turn ends", async () => {
    await setup({ text: "first answer", delayMs: 2500 }, { text: "second answer" });
    const p = await open();
    p.type("first question");
    p.keys("Enter");
    await waitUntil(() => server.requests.length === 1, "the first request is in flight");
    p.type("second question");
    p.keys("Enter");
    const queued = await p.waitFor("⧗ second question");
    expect(server.requests).toHaveLength(1); // still waiting for the first answer (2.5 s)
    expect(queued).toMatch(/⧗ second question/);
    await p.waitFor("second answer");
    expect(lastUserContent(1)).toBe("second question");
    expect(server.requests[1]?.body.messages.map((m: { role: string }) => m.role)).toEqual([
      "system",
      "user",
      "assistant",
      "user",
    ]);
    await waitUntil(() => !p.screen().includes("⧗"), "the queue line is gone");
  });

  it("Esc twice clears the queue, and Up takes a queued message back for editing", async () => {
    await setup({ text: "slow", delayMs: 4000 }, { text: "after edit" });
    const p = await open();
    p.type("go");
    p.keys("Enter");
    await waitUntil(() => server.requests.length === 1, "the first request is in flight");
    p.type("keep me");
    p.keys("Enter");
    await p.waitFor("⧗ keep me");
    p.keys("Up");
    await p.waitFor((s) => !s.includes("⧗ keep me") && s.includes("> keep me"));
    p.keys("C-u");
    p.type("drop me");
    p.keys("Enter");
    await p.waitFor("⧗ drop me");
    p.keys("Escape");
    await p.waitFor("Esc again to clear 1 queued message");
    p.keys("Escape");
    await p.waitFor("Queue cleared (1 message not sent).");
    await p.waitFor("Interrupted.");
    expect(server.requests).toHaveLength(1);
  });

  it("keys in one burst are typed keys: Tab completes and Ctrl-U deletes inside a burst", async () => {
    await setup();
    const p = await open();
    p.keys("/lo", "Tab"); // one send-keys call: the keys arrive together
    await p.waitFor(/> \/load \s*\n/);
    p.keys("C-u", "abc", "C-u", "xyz");
    await p.waitFor(/> xyz\s*\n/);
    expect(p.screen()).not.toContain("abc");
  });

  it("shows an edit as a coloured inline diff with +N -M, the same when the session is loaded again", async () => {
    await setup(
      {
        toolCalls: [
          { name: "edit", arguments: { file_path: "a.txt", old_string: "two\n", new_string: "TWO\n2.5\n" } },
        ],
      },
      { text: "Edited." },
    );
    writeFileSync(path.join(home.workDir, "a.txt"), "one\ntwo\nthree\n");
    const p = await open();
    p.type("fix a.txt");
    p.keys("Enter");
    // The edit asks first (default permission mode); the spinner gives way to the approval box.
    const asking = await p.waitFor("Allow edit?");
    expect(asking).not.toContain("Esc to interrupt");
    p.type("y");
    const screen = await p.waitFor("Edited.");
    expect(screen).toContain("⏺ edit(a.txt)\n  ⎿ +2 -1\n");
    expect(screen).toMatch(/ 1 {3}one\n\s+2 - two\n\s+2 \+ TWO\n\s+3 \+ 2\.5\n\s+4 {3}three/);
    expect(readFileSync(path.join(home.workDir, "a.txt"), "utf8")).toBe("one\nTWO\n2.5\nthree\n");
    const id = /session (\d{8}_\d{6})/.exec(screen)![1]!;
    p.type("/quit");
    p.keys("Enter");
    await p.waitForExit();
    p.kill();
    const again = await open(["--session", id]); // replayed from the file
    const loaded = await again.waitFor((s) => s.includes("Session loaded") && s.includes("⎿ +2 -1"));
    expect(loaded).toContain("⏺ edit(a.txt)\n  ⎿ +2 -1\n");
    expect(loaded).toMatch(/2 - two\n\s+2 \+ TWO/);
    expect(loaded).not.toContain("⎿ 7 lines");
  });

  it("@file: Tab completes a project file (not a git-ignored one) and its content is attached", async () => {
    await setup({ text: "It exports x." });
    mkdirSync(path.join(home.workDir, "src"));
    writeFileSync(path.join(home.workDir, "src", "config.ts"), "export const x = 1;\n");
    writeFileSync(path.join(home.workDir, "src", "config.generated.ts"), "ignored\n");
    writeFileSync(path.join(home.workDir, ".gitignore"), "*.generated.ts\n");
    const p = await open();
    p.type("explain @src/conf");
    p.keys("Tab");
    await p.waitFor(/> explain @src\/config\.ts \s*\n/);
    p.type("please");
    p.keys("Enter");
    await p.waitFor("It exports x.");
    await p.waitFor("⎿ attached: src/config.ts");
    const sent = lastUserContent(0) as string;
    expect(sent.startsWith("explain @src/config.ts please\n\n")).toBe(true);
    expect(sent).toContain("     1\texport const x = 1;");
    const stored = JSON.parse(readFileSync(sessionFile(), "utf8")).messages[0];
    expect(stored.attachments).toEqual([{ type: "file", path: "src/config.ts" }]);
  });

  it("!ls runs the command as the user's own action and adds its output to the next message", async () => {
    await setup({ text: "I see notes.md." });
    writeFileSync(path.join(home.workDir, "notes.md"), "x");
    const p = await open();
    p.type("!ls");
    p.keys("Enter");
    await p.waitFor("⎿ output added as context to your next message");
    expect(p.screen()).toMatch(/! ls\n\s+notes\.md/);
    expect(server.requests).toHaveLength(0);
    p.type("what is here?");
    p.keys("Enter");
    await p.waitFor("I see notes.md.");
    const sent = lastUserContent(0) as string;
    expect(sent).toMatch(/^what is here\?\n\n<attached-command command="ls">\n.*\nnotes\.md\n/s);
  });

  it("!command goes through the deny rules: a denied command is not run; one that would ask runs", async () => {
    await setup();
    writeFileSync(path.join(home.workDir, "keep.txt"), "x");
    const p = await open(["--deny", "bash(rm *)"]);
    p.type("!rm keep.txt");
    p.keys("Enter");
    await p.waitFor("Not run:");
    expect(p.screen()).toContain("bash(rm *)");
    expect(existsSync(path.join(home.workDir, "keep.txt"))).toBe(true);
    // `touch` would ask if the model ran it; typed by the user it is their own yes.
    p.type("!touch made.txt");
    p.keys("Enter");
    await p.waitFor(/! touch made\.txt\n[\s\S]*⎿ output added as context/);
    expect(existsSync(path.join(home.workDir, "made.txt"))).toBe(true);
    expect(server.requests).toHaveLength(0);
  });

  it("/model claude-… after an OpenAI --base-url sends to Anthropic's URL, not /v1/v1/messages", async () => {
    await setup({ text: "from openai" }, { text: "from anthropic" });
    delete home.env.OPENAI_BASE_URL;
    home.env.ANTHROPIC_BASE_URL = server.url;
    home.env.ANTHROPIC_API_KEY = "sk-ant-test";
    const p = await open(["--base-url", server.openaiBaseUrl]);
    p.type("hi");
    p.keys("Enter");
    await p.waitFor("from openai");
    p.type("/model claude-sonnet-4-5");
    p.keys("Enter");
    await p.waitFor("Model: claude-sonnet-4-5 (was gpt-4o");
    p.type("and now?");
    p.keys("Enter");
    await p.waitFor("from anthropic");
    expect(server.requests.map((r) => [r.api, r.path])).toEqual([
      ["openai", "/v1/chat/completions"],
      ["anthropic", "/v1/messages"],
    ]);
    expect(JSON.stringify(server.requests[1]?.headers)).toContain("sk-ant-test");
    expect(JSON.stringify(server.requests[1]?.headers)).not.toContain("sk-test-not-a-real-key");
    expect(server.rejections).toEqual([]);
  });

  it("/model with no id opens a picker of known models with the current one marked", async () => {
    await setup();
    home.env.ANTHROPIC_API_KEY = "sk-ant-test";
    const p = await open(["--model", "gpt-4o"]);
    p.type("/model");
    p.keys("Enter");
    await p.waitFor(/❯ gpt-4o .*\(current\)/);
    // The picker takes keys once Ink has moved its listeners: press Down until the selection moves.
    for (let attempt = 0; ; attempt++) {
      p.keys("Down");
      try {
        await p.waitFor((s) => !/❯ gpt-4o /.test(s), 1000);
        break;
      } catch (error) {
        if (attempt >= 10) throw error;
      }
    }
    p.type("sonnet-4-5");
    await p.waitFor(/❯ claude-sonnet-4-5 /);
    p.keys("Enter");
    await p.waitFor("Model: claude-sonnet-4-5 (was gpt-4o");
  });

  it("/sessions shows each session's name or first message", async () => {
    await setup({ text: "ok" }, { text: "ok" });
    const env = home.env;
    const named = await runAgenix(["--name", "Auth work", "fix the login"], { cwd: home.workDir, env });
    expect(named.code, named.stderr).toBe(0);
    const plain = await runAgenix(["add a README section"], { cwd: home.workDir, env });
    expect(plain.code, plain.stderr).toBe(0);
    const p = await open();
    p.type("/sessions");
    p.keys("Enter");
    const screen = await p.waitFor("Available sessions:");
    expect(screen).toMatch(/• \d{8}_\d{6}(_\d+)? - \S+Z {2}"add a README section" {2}\(2 messages\)/);
    expect(screen).toMatch(/• \d{8}_\d{6}(_\d+)? - \S+Z {2}Auth work {2}\(2 messages\)/);
  });
});

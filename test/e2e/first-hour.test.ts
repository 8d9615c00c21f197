// What a new user met in the first hour (issue 20), through the built binary: a Claude model behind
// an OpenAI-style base URL, a misspelt settings key, the effort levels in --help, /compact on a
// small session.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REASONING_EFFORTS } from "../../src/settings/choices.js";
import { runAgenix, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { openaiEnv, sessionIdFrom } from "./helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

const agenix = (args: string[], env = home.env) => runAgenix(args, { cwd: home.workDir, env });

describe("--base-url http://host/v1 with a Claude model", () => {
  it("posts to /v1/messages, not /v1/v1/messages", async () => {
    server.push({ text: "hello from claude" });
    const env = { ...home.env, ANTHROPIC_API_KEY: "sk-ant-test" };
    const run = await agenix(["--base-url", server.openaiBaseUrl, "--model", "claude-sonnet-4-5", "hi"], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("hello from claude\n");
    expect(server.requests.map((r) => [r.api, r.path])).toEqual([["anthropic", "/v1/messages"]]);
  });
});

describe("agenix config set with a misspelt key", () => {
  it('says "did you mean" and writes nothing', async () => {
    const run = await agenix(["config", "set", "modle", "gpt-4o", "--user"]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/^Error: Unknown settings key: "modle" \(did you mean "model"\? known: /);
    expect(existsSync(path.join(home.home, ".agenix", "settings.json"))).toBe(false);
    const nested = await agenix(["config", "set", "compactoin.enabled", "false", "--user"]);
    expect(nested.stderr).toContain('did you mean "compaction.enabled"?');
  });
});

describe("--help", () => {
  it("lists every reasoning effort level the settings files accept", async () => {
    const help = await agenix(["--help"]);
    const option = /--reasoning-effort <level>\s+([\s\S]*?)\n\s+--/.exec(help.stdout)?.[1] ?? "";
    for (const level of REASONING_EFFORTS) expect(option, level).toMatch(new RegExp(`\\b${level}\\b`));
  });
});

describe("compacting a small session", () => {
  it("says plainly that there is little to compact, and changes nothing", async () => {
    server.push({ text: "answer 1" }, { text: "answer 2" });
    const first = await agenix(["--model", "gpt-4o", "first question"], openaiEnv(home, server));
    const id = sessionIdFrom(first.stderr);
    await agenix(["--session", id, "second question"], openaiEnv(home, server));
    const compact = await agenix(["sessions", "compact", id], openaiEnv(home, server));
    expect(compact.code).not.toBe(0);
    expect(compact.stderr).toMatch(
      /There is little to compact yet: the conversation is about [\d,]+ tokens of a 128,000-token window/,
    );
    expect(compact.stderr).not.toContain("would free only");
    expect(server.requests).toHaveLength(2);
  });
});

describe("a tool called with invalid arguments", () => {
  it("the result line says what is wrong, not just 'Invalid arguments for write:'", async () => {
    server.push({ toolCalls: [{ name: "write", arguments: { file_path: "notes.txt" } }] }, { text: "sorry" });
    const run = await agenix(["--yolo", "write notes"], openaiEnv(home, server));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /⎿ Error: Invalid arguments for write: Invalid input: expected string, received undefined/,
    );
    expect(existsSync(path.join(home.workDir, "notes.txt"))).toBe(false);
  });
});

describe("a command that prints nothing", () => {
  it("its result line says 'no output', not '1 line' (the tool's '(no output)' placeholder is not output)", async () => {
    server.push(
      { toolCalls: [{ name: "bash", arguments: { command: "touch made.txt" } }] },
      { text: "done" },
    );
    const run = await agenix(["--yolo", "make a file"], openaiEnv(home, server));
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(path.join(home.workDir, "made.txt"))).toBe(true);
    expect(run.stderr).toContain("⏺ bash(touch made.txt)\n  ⎿ no output\n");
  });
});

describe("exports of a message with @file attachments and !command output", () => {
  async function seeded(): Promise<string> {
    const { SessionManager } = await import("../../src/sessions/manager.js");
    const manager = new SessionManager({ dir: home.sessionDir });
    const data = await manager.createSessionData({ workingDir: home.workDir, model: "gpt-4o" });
    const content =
      "Why does this fail?" +
      '\n\n<attached-command command="npm test" status="Exit code 1">\nThe user ran this command themselves; its output:\nFAIL cart.test.js\n  expected 3, got 2\n</attached-command>' +
      '\n\n<attached-file path="src/cart.js" type="file">\nexport function add(items, item) {\n  return items;\n}\n</attached-file>';
    data.messages.push(
      { role: "user", content, timestamp: "2026-01-01T10:00:00Z" },
      {
        role: "assistant",
        content: [{ type: "text", text: "add drops the item." }],
        timestamp: "2026-01-01T10:00:01Z",
      },
    );
    await manager.saveSession(data);
    return data.id;
  }

  it("Markdown: each in a folded, fenced block after what the user typed", async () => {
    const id = await seeded();
    const md = await agenix(["sessions", "export", id, "--format", "markdown"]);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain(
      "Why does this fail?\n\n<details><summary>! npm test (Exit code 1)</summary>\n\n```text\nFAIL cart.test.js\n  expected 3, got 2\n```\n\n</details>",
    );
    expect(md.stdout).toContain(
      "<details><summary>@src/cart.js</summary>\n\n```text\nexport function add(items, item) {\n  return items;\n}\n```\n\n</details>",
    );
    expect(md.stdout).not.toContain("<attached-");
  });

  it("HTML: collapsible blocks with the content in a code block, lines kept", async () => {
    const id = await seeded();
    const html = await agenix(["sessions", "export", id, "--format", "html"]);
    expect(html.code, html.stderr).toBe(0);
    expect(html.stdout).toContain(
      '<details class="tool attached error"><summary>! npm test (Exit code 1)</summary><div><pre><code>FAIL cart.test.js\n  expected 3, got 2</code></pre></div></details>',
    );
    expect(html.stdout).toContain(
      '<details class="tool attached"><summary>@src/cart.js</summary><div><pre><code>export function add(items, item) {\n  return items;\n}</code></pre></div></details>',
    );
    expect(html.stdout).not.toContain("attached-file");
  });
});

describe("the Anthropic SDK's deprecation warning", () => {
  it("comes through the notice path once, not once per request", async () => {
    server.push({ toolCalls: [{ name: "bash", arguments: { command: "printf ok" } }] }, { text: "done" });
    const env = { ...home.env, ANTHROPIC_BASE_URL: server.url, ANTHROPIC_API_KEY: "sk-ant-test" };
    const run = await agenix(["--yolo", "--model", "claude-sonnet-4-5", "go"], env);
    expect(run.code, run.stderr).toBe(0);
    expect(server.requests).toHaveLength(2);
    expect(run.stderr.split("The model 'claude-sonnet-4-5' is deprecated")).toHaveLength(2);
    expect(run.stdout).toBe("done\n");
  });
});

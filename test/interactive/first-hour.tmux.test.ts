// What a new user sees in the real binary in tmux (issue 20): a command's last lines under its
// result, the header after --resume, and errors that name what to do.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAgenix, type TempHome } from "../support/cli.js";
import type { LlmServer, ScriptedReply } from "../support/llm-server.js";
import { type TmuxPane, waitUntil } from "./tmux.js";
import { tmuxFixture } from "./tmux-fixture.js";

function _alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const tmux = tmuxFixture();
let home: TempHome;
let server: LlmServer;

async function setup(...replies: ScriptedReply[]) {
  await setupWith({}, ...replies);
}

async function setupWith(options: { models?: string[] }, ...replies: ScriptedReply[]) {
  ({ home, server } = await tmux.setup(replies, { server: options }));
}

function open(args: string[] = [], size: { width?: number; height?: number } = {}): TmuxPane {
  return tmux.open({ args, ...size });
}

describe("a command's output in the transcript", () => {
  it("shows the last lines with the count of hidden ones; more on failure; Ctrl+O shows all", async () => {
    await setup(
      { toolCalls: [{ name: "bash", arguments: { command: "seq 101 112" } }] },
      { toolCalls: [{ name: "bash", arguments: { command: "seq 201 230; exit 3" } }] },
      { text: "Both ran." },
    );
    const p = open(["--yolo"]);
    await p.waitFor("/help for commands");
    p.type("run them");
    p.keys("Enter");
    const screen = await p.waitFor("Both ran.");
    expect(screen).toContain(
      "⏺ bash(seq 101 112)\n  ⎿ 12 lines\n    … 7 earlier lines (Ctrl+O to expand)\n    108\n",
    );
    expect(screen).toContain("    112\n");
    expect(screen).not.toContain("    107\n");
    expect(screen).toContain("  ⎿ Exit code 3\n    … 20 earlier lines (Ctrl+O to expand)\n    221\n");
    expect(screen).toContain("    230\n");
    expect(screen).not.toContain("Exit code: 3");
    p.keys("C-o");
    const expanded = await p.waitFor("output:");
    expect(expanded).toMatch(/bash\(seq 201 230; exit 3\) output:\n201\n202\n/);
  });
});

describe("/model to the other provider without its key", () => {
  it("names the variable to set, not 'No model provider is set up'", async () => {
    await setup({ text: "from openai" });
    delete home.env.OPENAI_BASE_URL;
    delete home.env.OPENAI_API_KEY;
    delete home.env.ANTHROPIC_API_KEY;
    const p = open(["--base-url", server.openaiBaseUrl]);
    await p.waitFor("/help for commands");
    p.type("/model claude-sonnet-4-6");
    p.keys("Enter");
    const screen = await p.waitFor("ANTHROPIC_API_KEY");
    expect(screen).toMatch(/No API key for Anthropic \(model claude-sonnet-4-6\): set\s+ANTHROPIC_API_KEY/);
    expect(screen).not.toContain("No model provider is set up");
    p.type("still openai?");
    p.keys("Enter");
    await p.waitFor("from openai");
    expect(server.requests.map((r) => r.path)).toEqual(["/v1/chat/completions"]);
  });
});

describe("--resume", () => {
  it("the header does not call the picked session new", async () => {
    await setup({ text: "Answer about apples." });
    const first = await runAgenix(["Tell me about apples"], { cwd: home.workDir, env: home.env });
    expect(first.code, first.stderr).toBe(0);
    const p = open(["--resume"]);
    await p.waitFor("Resume a session");
    p.keys("Enter");
    const screen = await p.waitFor("Answer about apples.");
    expect(screen).toContain("Session loaded");
    expect(screen).not.toContain("new session");
    expect(screen).toMatch(/resuming a session · \/help for commands/);
  });
});

describe("/rewind to the first message", () => {
  it("starts a new session with the message in the prompt, and writes no empty session file", async () => {
    await setup({ text: "answer one" }, { text: "answer again" });
    const p = open();
    await p.waitFor("/help for commands");
    p.type("first question");
    p.keys("Enter");
    await p.waitFor((s) => s.includes("answer one") && !s.includes("Esc to interrupt"));
    const files = () => sessionFiles(home.sessionDir);
    expect(files()).toHaveLength(1);
    p.type("/rewind");
    p.keys("Enter");
    await p.waitFor("❯ #0 first question");
    p.keys("Enter");
    // Then what goes back: the conversation and the files (the first choice). The chooser takes keys
    // once Ink has moved its listeners: press Enter until it answers.
    await p.waitFor("what should go back?");
    for (let attempt = 0; ; attempt++) {
      p.keys("Enter");
      const done = await p.waitFor("Rewound to the start: a new session (the original is kept", 2_000).then(
        () => true,
        () => false,
      );
      if (done) break;
      if (attempt >= 5) throw new Error(`the rewind never happened:\n${p.screen()}`);
    }
    await p.waitFor(/> first question *\n/);
    expect(files()).toHaveLength(1);
    p.keys("Enter");
    await p.waitFor("answer again");
    expect(files()).toHaveLength(2);
    const counts = () =>
      files()
        .map((f) => JSON.parse(readFileSync(f, "utf8")).messages.length)
        .sort()
        .join(",");
    await waitUntil(() => counts() === "2,2", "both sessions have their 2 messages");
  });
});

/** Every session file under the sessions folder (dot files, such as indexes, are not sessions). */
function sessionFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((d) =>
      readdirSync(path.join(root, d.name))
        .filter((f) => f.endsWith(".json") && !f.startsWith("."))
        .map((f) => path.join(root, d.name, f)),
    );
}

describe("Enter arriving in the same chunk as the text before it", () => {
  it("a trailing \\ then Enter starts a new line instead of sending", async () => {
    await setup({ text: "got both lines" });
    const p = open();
    await p.waitFor("/help for commands");
    p.type("first line \\\r");
    await p.waitFor(/> first line *\n/);
    p.type("second line");
    await p.waitFor(/first line *\n.*second line/);
    expect(server.requests).toHaveLength(0);
    p.keys("Enter");
    await p.waitFor("got both lines");
    const sent = server.requests[0]!.body.messages.at(-1).content;
    expect(sent).toBe("first line \nsecond line");
  });

  it("a denial's reason then Enter is sent to the model", async () => {
    await setup(
      { toolCalls: [{ name: "bash", arguments: { command: "touch made.txt" } }] },
      { text: "understood" },
    );
    const p = open();
    await p.waitFor("/help for commands");
    p.type("make a file");
    p.keys("Enter");
    await p.waitFor("3/n/Esc: No");
    p.type("n");
    await p.waitFor("Reason for the model");
    p.type("use the edit tool instead\r");
    await p.waitFor("understood");
    const tool = server.requests[1]!.body.messages.find((m: { role: string }) => m.role === "tool");
    expect(tool.content).toContain("use the edit tool instead");
    expect(existsSync(path.join(home.workDir, "made.txt"))).toBe(false);
  });
});

describe("/config", () => {
  it("shows the settings as they are now, not as they were at start", async () => {
    await setup();
    const p = open();
    await p.waitFor("/help for commands");
    p.type("/config");
    p.keys("Enter");
    await p.waitFor("Effective settings");
    expect(p.screen()).not.toContain("reasoningEffort");
    const set = await runAgenix(["config", "set", "reasoningEffort", "low", "--user"], {
      cwd: home.workDir,
      env: home.env,
    });
    expect(set.code, set.stderr).toBe(0);
    p.type("/config");
    p.keys("Enter");
    await p.waitFor(/reasoningEffort +"low" +user/);
  });
});

describe("/model with a custom --base-url", () => {
  it("lists the server's own models (GET /models) first, in aligned columns", async () => {
    await setupWith({ models: ["qwen2.5-coder:7b", "llama3.1:8b"] }, { text: "from llama" });
    delete home.env.OPENAI_BASE_URL;
    const p = open(["--base-url", server.openaiBaseUrl, "--model", "qwen2.5-coder:7b"]);
    await p.waitFor("/help for commands");
    p.type("/model");
    p.keys("Enter");
    const screen = await p.waitFor(/❯ qwen2\.5-coder:7b/);
    expect(server.requests.some((r) => r.path === "/v1/models")).toBe(true);
    const host = new URL(server.url).host;
    const rows = screen.split("\n").filter((l) => /^│ [❯ ] \S/.test(l));
    expect(rows[0]).toMatch(new RegExp(`❯ qwen2\\.5-coder:7b +${host.replace(/\./g, "\\.")}.*\\(current\\)`));
    expect(rows[1]).toMatch(new RegExp(`^│   llama3\\.1:8b +${host.replace(/\./g, "\\.")}`));
    // Every row's second column starts at the same place.
    const starts = new Set(rows.map((r) => /^│ [❯ ] \S+ +/.exec(r)![0].length));
    expect(starts.size).toBe(1);
    // The picker takes keys once Ink has moved its listeners: press Down until the selection moves.
    for (let attempt = 0; ; attempt++) {
      p.keys("Down");
      const moved = await p.waitFor(/❯ llama3\.1:8b/, 1_000).then(
        () => true,
        () => false,
      );
      if (moved) break;
      if (attempt >= 10) throw new Error(`the picker never moved:\n${p.screen()}`);
    }
    p.keys("Enter");
    await p.waitFor("Model: llama3.1:8b");
  });
});

describe("at 80 columns", () => {
  it("/help's wrapped lines are indented, the status line fits on one line", async () => {
    await setup();
    const p = open([], { width: 80, height: 24 });
    await p.waitFor("/help for commands");
    p.type("/help");
    p.keys("Enter");
    const screen = await p.waitFor(/Tools: /);
    const help = screen.slice(screen.lastIndexOf("Commands:"), screen.lastIndexOf("Tools:")).split("\n");
    expect(help.length).toBeGreaterThan(10);
    const flushLeft = help.filter((line) => line !== "" && !/^\s/.test(line));
    expect(flushLeft).toEqual(["Commands:", "Keys:"]);
    // screen() joins the terminal's own soft wraps; the rows as shown must wrap with an indent too
    // (a line wider than the pane would wrap at column 0 there, and only there).
    const raw = p.rawScreen();
    const rows = raw.slice(raw.lastIndexOf("Commands:"), raw.lastIndexOf("Keys:")).split("\n").slice(1);
    const column = /^ {2}\/help +/.exec(rows[0]!)![0].length;
    const continued = rows.filter((row) => row.trim() !== "" && !row.startsWith("  /"));
    expect(continued.length).toBeGreaterThan(0);
    for (const row of continued) expect(row.search(/\S/), row).toBe(column);
    // capture-pane -J joins soft-wrapped lines: a status line wider than the pane would show here.
    const status = screen.split("\n").filter((line) => line.startsWith("gpt-4o · "));
    expect(status.length).toBeGreaterThan(0);
    for (const line of status) expect(line.length).toBeLessThan(80);
  });

  it("a long list item's wrapped line never vanishes, over 20 answers", async () => {
    const item = (n: number) =>
      `- item ${n}: this list entry is long enough that it wraps onto a second line at eighty columns, ending with END${n}`;
    const answers = Array.from({ length: 20 }, (_, i) => ({
      text: `Answer ${i + 1}:\n\n${item(i + 1)}\n- short`,
    }));
    await setup(...answers);
    const p = open([], { width: 80, height: 24 });
    await p.waitFor("/help for commands");
    for (let i = 1; i <= 20; i++) {
      p.type(`question ${i}`);
      p.keys("Enter");
      const screen = await p.waitFor((s) => s.includes(`END${i}`) && !s.includes("Esc to interrupt"));
      expect(screen, `answer ${i}`).toMatch(new RegExp(`item ${i}: this list entry[^\\n]*\\n[^\\n]*END${i}`));
    }
    // The scrollback keeps every answer whole.
    const all = p.screen();
    for (let i = 1; i <= 20; i++) expect(all, `answer ${i}`).toContain(`END${i}`);
  }, 120_000);
});

describe("notes printed before the UI starts", () => {
  it("wrap at word boundaries at 80 columns, never inside a word", async () => {
    await setup();
    const { mkdirSync, writeFileSync } = await import("node:fs");
    mkdirSync(path.join(home.home, ".agenix"), { recursive: true });
    writeFileSync(
      path.join(home.home, ".agenix", "settings.json"),
      JSON.stringify({ modle: "gpt-4o", compactionSettingsThatDoNotExistAnywhere: true }),
    );
    const p = open([], { width: 80, height: 24 });
    await p.waitFor("/help for commands");
    const raw = p.rawScreen();
    const start = raw.indexOf("Warning:");
    expect(start).toBeGreaterThanOrEqual(0);
    const lines = raw.slice(start).split("\n");
    const warningLines: string[] = [];
    for (const line of lines) {
      if (warningLines.length > 0 && !line.startsWith("  ") && !line.startsWith("Warning:")) break;
      warningLines.push(line);
    }
    expect(warningLines.length).toBeGreaterThan(1);
    for (const line of warningLines) expect(line.length).toBeLessThan(80);
    const joined = warningLines.map((l) => l.trim()).join(" ");
    expect(joined).toContain('unknown key "modle" (ignored; did you mean "model"?)');
    expect(joined).toContain('unknown key "compactionSettingsThatDoNotExistAnywhere" (ignored)');
  });
});

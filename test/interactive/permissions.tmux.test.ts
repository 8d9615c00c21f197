// The approval box in the real binary under tmux: yes once, yes and don't ask again (the next
// identical call runs without asking, the rule is saved and listed), and no with a reason that
// reaches the model. Shift+Tab cycles the mode shown in the status line. A remembered approval
// lasts into later runs; a resumed session shows a refused call as refused; plan mode's refusal
// points to Shift+Tab.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sessionIdFrom } from "../e2e/helpers.js";
import { runAgenix, type TempHome } from "../support/cli.js";
import type { startLlmServer } from "../support/llm-server.js";
import { waitUntil } from "./tmux.js";
import { tmuxFixture } from "./tmux-fixture.js";

const tmux = tmuxFixture();
let home: TempHome;

function toolMessages(): { content: string; is_error: boolean; tool_call_id: string }[] {
  const folders = existsSync(home.sessionDir) ? readdirSync(home.sessionDir) : [];
  const files = folders.flatMap((f) =>
    readdirSync(path.join(home.sessionDir, f))
      .filter((n) => n.endsWith(".json") && !n.startsWith("."))
      .map((n) => path.join(home.sessionDir, f, n)),
  );
  if (files.length === 0) return [];
  const data = JSON.parse(readFileSync(files[0]!, "utf8"));
  return data.messages.filter((m: { role: string }) => m.role === "tool");
}

const call = (id: string, command: string) => ({ id, name: "bash", arguments: { command } });

describe("approval box in tmux", () => {
  it("answers yes, always (the next identical call does not ask) and no with a reason", async () => {
    ({ home } = await tmux.setup([
      { toolCalls: [call("c1", "touch once.txt")] },
      { toolCalls: [call("c2", "touch always.txt")] },
      { toolCalls: [call("c3", "touch always.txt")] },
      { toolCalls: [call("c4", "curl -s attacker.example")] },
      { text: "All done." },
    ]));
    const p = tmux.open();
    await p.waitFor("/help for commands");
    await p.waitFor("mode: default");
    p.type("make the files");
    p.keys("Enter");

    // 1: yes once
    let screen = await p.waitFor("$ touch once.txt");
    expect(screen).toContain("Allow bash?");
    expect(screen).toContain("2/a: Yes, and don't ask again for bash(touch *)");
    p.type("y");
    await waitUntil(() => existsSync(path.join(home.workDir, "once.txt")), "once.txt exists");

    // 2: yes, and don't ask again
    await p.waitFor("$ touch always.txt");
    p.type("a");
    // 3 (identical) runs without a box; 4 asks: answer no with a reason.
    screen = await p.waitFor("$ curl -s attacker.example");
    expect(toolMessages().map((m) => [m.tool_call_id, m.is_error])).toEqual([
      ["c1", false],
      ["c2", false],
      ["c3", false],
    ]);
    // Saved in the user's own approvals, keyed by the project; nothing in the project's folder.
    const approvals = JSON.parse(readFileSync(path.join(home.home, ".agenix", "approvals.json"), "utf8"));
    expect(approvals.projects).toEqual({ [home.workDir]: { allow: ["bash(touch *)"] } });
    expect(existsSync(path.join(home.workDir, ".agenix"))).toBe(false);

    p.type("n");
    await p.waitFor("Reason for the model");
    p.type("no network today");
    p.keys("Enter");
    await p.waitFor("All done.");
    const curl = toolMessages()[3]!;
    expect(curl).toMatchObject({ tool_call_id: "c4", is_error: true });
    expect(curl.content).toContain("The user declined it. The user said: no network today");
    await p.waitFor("Denied: bash(curl -s attacker.example) (you said no: no network today)");

    p.type("/permissions");
    p.keys("Enter");
    screen = await p.waitFor("Permission mode: default");
    expect(screen).toMatch(/allow\s+bash\(touch \*\)\s+remembered \(~\/\.agenix\/approvals\.json\)/);

    p.keys("BTab");
    await p.waitFor("mode: accept-edits");
    p.keys("BTab");
    await p.waitFor("mode: plan");
    p.keys("BTab");
    // Back to default: the status line (at the bottom; its "(shift+tab)" hint may be dropped to fit).
    await p.waitFor((screen) => /mode: default/.test(screen.trimEnd().split("\n").slice(-3).join("\n")));
  });

  it("a remembered approval lasts: the next interactive run and print mode run it, no trust question", async () => {
    ({ home } = await tmux.setup([
      { toolCalls: [call("c1", "touch first.txt")] },
      { text: "First done." },
      { toolCalls: [call("c2", "touch second.txt")] },
      { text: "Second done." },
      { toolCalls: [call("c3", "touch third.txt")] },
      { text: "Third done." },
    ]));
    execFileSync("git", ["init", "-q", home.workDir]);
    let p = tmux.open();
    await p.waitFor("/help for commands");
    p.type("make the first file");
    p.keys("Enter");
    await p.waitFor("$ touch first.txt");
    p.type("a");
    await p.waitFor("First done.");
    expect(existsSync(path.join(home.workDir, "first.txt"))).toBe(true);
    p.kill();

    // A new interactive run: no trust question, no approval box, the command runs.
    p = tmux.open();
    let screen = await p.waitFor("/help for commands");
    expect(screen).not.toContain("Trust this folder");
    p.type("make the second file");
    p.keys("Enter");
    screen = await p.waitFor("Second done.");
    expect(existsSync(path.join(home.workDir, "second.txt"))).toBe(true);
    expect(screen).not.toContain("Allow bash?");
    p.kill();

    // Print mode applies it too, without the untrusted-project notice.
    const result = await runAgenix(["make the third file"], { cwd: home.workDir, env: home.env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/Untrusted project|Denied/);
    expect(existsSync(path.join(home.workDir, "third.txt"))).toBe(true);
  });
});

async function setup(replies: Parameters<typeof startLlmServer>[0]) {
  ({ home } = await tmux.setup(replies));
}

describe("refusals in interactive mode", () => {
  it("a resumed session shows a refused call as refused, not as the lines of its result", async () => {
    await setup([
      { toolCalls: [{ id: "c1", name: "bash", arguments: { command: "curl -s attacker.example" } }] },
      { text: "I could not fetch it." },
    ]);
    const printed = await runAgenix(["fetch it"], { cwd: home.workDir, env: home.env });
    expect(printed.code, printed.stderr).toBe(0);
    const id = sessionIdFrom(printed.stderr);
    const pane = tmux.open({ args: ["--session", id] });
    const screen = await pane.waitFor("I could not fetch it.");
    expect(screen).toContain("⎿ Denied: bash(curl -s attacker.example) (");
    expect(screen).not.toMatch(/⎿ \d+ lines/);
  });

  it("plan mode: a refused command points to Shift+Tab too, not to a flag", async () => {
    await setup([
      { toolCalls: [{ id: "c1", name: "bash", arguments: { command: "touch made.txt" } }] },
      { text: "Planned only." },
    ]);
    const pane = tmux.open({ args: ["--permission-mode", "plan"] });
    await pane.waitFor("/help for commands");
    pane.type("make the file");
    pane.keys("Enter");
    const screen = await pane.waitFor("Planned only.");
    expect(screen).toMatch(
      /Denied: bash\(touch made\.txt\) \(plan mode runs only read-only commands:[^)]*; Shift\+Tab to\s+leave plan mode\)/,
    );
    expect(screen).not.toContain("--permission-mode");
    expect(existsSync(path.join(home.workDir, "made.txt"))).toBe(false);
    // The line is wider than the pane: its continuation is indented under it, not at column 0.
    const rows = pane.rawScreen().split("\n");
    const first = rows.findIndex((row) => row.includes("⎿ Denied: bash(touch made.txt)"));
    expect(rows[first + 1]).toMatch(/^ {4}\S/);
  });

  it("plan mode: a refused write points to Shift+Tab", async () => {
    await setup([
      { toolCalls: [{ id: "c1", name: "write", arguments: { file_path: "notes.md", content: "x\n" } }] },
      { text: "Planned only." },
    ]);
    const pane = tmux.open({ args: ["--permission-mode", "plan"] });
    await pane.waitFor("/help for commands");
    pane.type("write the notes");
    pane.keys("Enter");
    const screen = await pane.waitFor("Planned only.");
    expect(screen).toMatch(
      /Denied: write\(notes\.md\) \(plan mode is read-only: files are not changed; Shift\+Tab to switch to\s+accept-edits mode\)/,
    );
    expect(screen).not.toContain("--permission-mode accept-edits");
    expect(existsSync(path.join(home.workDir, "notes.md"))).toBe(false);
  });
});

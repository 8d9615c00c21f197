// The real binary in tmux against the scripted LLM server: type, read the screen, check the file.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAgenix, type TempHome } from "../support/cli.js";
import type { LlmServer, startLlmServer } from "../support/llm-server.js";
import { groupAlive } from "../support/process-group.js";
import { continueLoadedSession, pickBananaSession } from "./load-steps.js";
import { type TmuxPane, waitUntil } from "./tmux.js";
import { tmuxFixture } from "./tmux-fixture.js";

const tmux = tmuxFixture();
let home: TempHome;
let server: LlmServer;

async function setup(...replies: Parameters<typeof startLlmServer>[0] & object) {
  ({ home, server } = await tmux.setup(replies));
}

function open(args: string[] = []): TmuxPane {
  return tmux.open({ args });
}

describe("interactive mode in tmux", () => {
  it("streams an answer with a tool line; /name, /sessions and /quit work and the file follows", async () => {
    await setup(
      { toolCalls: [{ name: "bash", arguments: { command: "printf 'a\\nb\\n'" } }] },
      {
        text: "You have **2** lines of output.",
        chunkDelayMs: 5,
        usage: { prompt_tokens: 100, completion_tokens: 50 },
      },
    );
    const p = open();
    await p.waitFor("/help for commands");
    p.type("What files are here?");
    p.keys("Enter");
    await p.waitFor("⏺ bash(printf 'a\\nb\\n')");
    await p.waitFor("⎿ 2 lines");
    const screen = await p.waitFor("You have 2 lines of output.");
    const id = /session (\d{8}_\d{6}(?:_\d+)?)/.exec(screen)![1]!;
    await waitUntil(() => tmux.readSession(id).messages.length === 4, "the file has the 4 messages");
    let data = tmux.readSession(id);
    expect(data.messages.map((m: { role: string }) => m.role)).toEqual([
      "user",
      "assistant",
      "tool",
      "assistant",
    ]);
    expect(data.messages[0].content).toBe("What files are here?");
    expect(data.messages[2]).toMatchObject({ name: "bash", content: "a\nb\n", is_error: false });

    await p.waitFor(/gpt-4o · [1-9][\d,]* tokens · \$\d+\.\d{4} · session/);
    p.type("/cost");
    p.keys("Enter");
    await p.waitFor("Estimated cost: $");

    p.type("/name Refactoring auth");
    p.keys("Enter");
    await p.waitFor("Session named: Refactoring auth");
    data = tmux.readSession(id);
    expect(data.metadata.name).toBe("Refactoring auth");

    p.type("/sessions");
    p.keys("Enter");
    const listed = await p.waitFor("Available sessions:");
    expect(listed).toMatch(
      new RegExp(`• ${id} - \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ  Refactoring auth  \\(4 messages\\)`),
    );

    p.type("/quit");
    p.keys("Enter");
    await p.waitFor(`Resume this session with: agenix --session ${id}`);
    expect(tmux.sessionFiles()).toHaveLength(1);
    expect(tmux.readSession(id).messages).toHaveLength(4);
  });

  it("/load <id> shows the earlier conversation and continues in that file; /load opens a picker", async () => {
    await setup(
      { text: "Answer about apples." },
      { text: "Answer about bananas." },
      { text: "More on apples." },
    );
    for (const question of ["Tell me about apples", "Tell me about bananas"]) {
      const run = await runAgenix([question], { cwd: home.workDir, env: home.env });
      expect(run.code).toBe(0);
    }
    const ids = tmux
      .sessionFiles()
      .map((f) => path.basename(f, ".json"))
      .sort();
    expect(ids).toHaveLength(2);
    const appleId = ids.find((id) => tmux.readSession(id).messages[0].content.includes("apples"))!;
    const bananaId = ids.find((id) => id !== appleId)!;

    const p = open();
    await p.waitFor("/help for commands");
    // Tab completes after `/load ` to the ids' common prefix and lists both ids (the list is read
    // just after start: press until it shows); then type the rest of the apple session's id.
    let common = 0;
    while (common < appleId.length && appleId[common] === bananaId[common]) common++;
    const prefix = appleId.slice(0, common);
    p.type("/load 20");
    const completed = (screen: string) =>
      screen.includes(`> /load ${prefix}`) && screen.includes(appleId) && screen.includes(bananaId);
    for (let attempt = 0; ; attempt++) {
      p.keys("Tab");
      const done = await p.waitFor(completed, 1_000).then(
        () => true,
        () => false,
      );
      if (done) break;
      if (attempt === 9) throw new Error(`Tab never completed the ids:\n${p.screen()}`);
    }
    p.type(appleId.slice(common));
    await continueLoadedSession(p, server, () => tmux.readSession(appleId).messages.length);
    expect(tmux.sessionFiles()).toHaveLength(2);

    await pickBananaSession(p, bananaId);
    p.keys("C-d");
    await p.waitFor(`Resume this session with: agenix --session ${bananaId}`);
  });

  it("Esc interrupts a running bash tool; the file has the interrupted tool result", async () => {
    await setup({ toolCalls: [{ name: "bash", arguments: { command: "sleep 30" } }] });
    const p = open();
    await p.waitFor("/help for commands");
    p.type("Wait a bit");
    p.keys("Enter");
    const screen = await p.waitFor(/⏺ bash\(sleep 30\) . \d+s/);
    const id = /session (\d{8}_\d{6}(?:_\d+)?)/.exec(screen)![1]!;
    p.keys("Escape");
    await p.waitFor("Interrupted.");
    const messages = tmux.readSession(id).messages;
    expect(messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant", "tool"]);
    expect(messages[2]).toMatchObject({ name: "bash", is_error: true });
    expect(messages[2].content).toMatch(/interrupt/i);

    // Leaving with Ctrl-C twice: the first press only warns.
    p.keys("C-c");
    await p.waitFor("Press Ctrl-C again to exit");
    p.keys("C-c");
    await p.waitFor(`Resume this session with: agenix --session ${id}`);
  });

  it("SIGTERM stops the running tool's process group, saves, and exits 143", async () => {
    await setup({
      toolCalls: [{ name: "bash", arguments: { command: "echo $$ > tool.pgid; sleep 30" } }],
    });
    const p = open(["--yolo"]);
    await p.waitFor("/help for commands");
    p.type("Wait a bit");
    p.keys("Enter");
    const pgidFile = path.join(home.workDir, "tool.pgid");
    await waitUntil(
      () => existsSync(pgidFile) && readFileSync(pgidFile, "utf8").endsWith("\n"),
      "the tool started",
    );
    const pgid = Number(readFileSync(pgidFile, "utf8"));
    process.kill(p.pid(), "SIGTERM");
    await p.waitForExit();
    expect(p.exitStatus()).toBe(143);
    const alive = groupAlive(pgid);
    if (alive) process.kill(-pgid, "SIGKILL");
    expect(alive).toBe(false);
    const [file] = tmux.sessionFiles();
    const messages = JSON.parse(readFileSync(file!, "utf8")).messages;
    expect(messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant", "tool"]);
    expect(messages[2]).toMatchObject({ name: "bash", is_error: true });
  });

  it("a session with no message leaves no file and no resume line", async () => {
    await setup();
    const p = open();
    await p.waitFor("/help for commands");
    p.type("/exit");
    p.keys("Enter");
    expect(await p.waitForExit()).not.toContain("Resume this session");
    expect(tmux.sessionFiles()).toEqual([]);
  });
});

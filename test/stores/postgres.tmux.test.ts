// Interactive mode on the PostgreSQL store, in tmux: a new conversation is saved to the database,
// /sessions lists the database's sessions, /load <id> and the /load picker open them and the
// conversation continues in the same row.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { PostgresSessionManager } from "../../src/sessions/postgres/manager.js";
import { startAgenixInTmux, type TmuxPane, waitUntil } from "../interactive/tmux.js";
import { assertFreshBuild, makeTempHome, runAgenix, type TempHome } from "../support/cli.js";
import { type LlmServer, startLlmServer } from "../support/llm-server.js";
import { freshDatabase } from "../support/postgres.js";

let home: TempHome;
let server: LlmServer;
let db: { url: string; drop: () => Promise<void> };
let manager: PostgresSessionManager;
let pane: TmuxPane | undefined;

beforeAll(() => {
  assertFreshBuild();
});

afterEach(async () => {
  pane?.kill();
  pane = undefined;
  await manager?.close();
  await server?.close();
  await db?.drop();
  await home?.cleanup();
});

describe("interactive mode on PostgreSQL (tmux)", () => {
  it("saves, lists with /sessions, and /load <id> and the picker continue sessions from the database", async () => {
    server = await startLlmServer([
      { text: "Answer about apples." },
      { text: "Answer about bananas." },
      { text: "More on apples." },
      { text: "Cherries are red." },
    ]);
    home = await makeTempHome();
    db = await freshDatabase();
    manager = new PostgresSessionManager({ connectionString: db.url, onWarning: () => {} });
    Object.assign(home.env, {
      OPENAI_BASE_URL: server.openaiBaseUrl,
      OPENAI_API_KEY: "sk-test-not-a-real-key",
      AGENIX_SESSION_STORE: db.url,
    });
    for (const question of ["Tell me about apples", "Tell me about bananas"]) {
      const run = await runAgenix([question], { cwd: home.workDir, env: home.env });
      expect(run.code, run.stderr).toBe(0);
    }
    const listed = await manager.listSessions({ workingDir: home.workDir });
    expect(listed).toHaveLength(2);
    const appleId = listed.find((s) => s.first_message?.includes("apples"))!.id;
    const bananaId = listed.find((s) => s.id !== appleId)!.id;

    const p = startAgenixInTmux({ env: home.env, cwd: home.workDir, home: home.home });
    pane = p;
    await p.waitFor("/help for commands");
    p.type("/sessions");
    p.keys("Enter");
    await p.waitFor((s) => s.includes("Available sessions:") && s.includes(appleId) && s.includes(bananaId));

    p.type(`/load ${appleId}`);
    p.keys("Enter");
    await p.waitFor("Session loaded");
    await p.waitFor("Answer about apples.");
    p.type("And more?");
    p.keys("Enter");
    await p.waitFor("More on apples.");
    await waitUntil(
      async () => (await manager.loadSession(appleId)).messages.length === 4,
      "the apple session's row has 4 messages",
    );
    expect(server.requests.at(-1)!.body.messages.map((m: { role: string }) => m.role)).toEqual([
      "system",
      "user",
      "assistant",
      "user",
    ]);

    p.type("/load");
    p.keys("Enter");
    await p.waitFor("Resume a session");
    p.type("banana");
    await p.waitFor("1 of 2");
    p.keys("Enter");
    await p.waitFor((s) => s.split("Session loaded").length > 2 && s.includes("Answer about bananas."));
    // The status line names the session (shortened to the bare id when the line is narrow).
    await p.waitFor(new RegExp(`· (?:session )?${bananaId} ·`));

    p.type("/new");
    p.keys("Enter");
    p.type("What about cherries?");
    p.keys("Enter");
    // Ctrl-D exits only once the turn has ended (while busy it deletes forward): wait for the
    // waiting line to go, which is after the turn's checkpoint and save.
    await p.waitFor((screen) => screen.includes("Cherries are red.") && !screen.includes("Esc to interrupt"));
    p.keys("C-d");
    const screen = await p.waitFor(/Resume this session with: agenix --session (\S+)/);
    const cherryId = /Resume this session with: agenix --session (\S+)/.exec(screen)![1]!;
    expect([appleId, bananaId]).not.toContain(cherryId);
    expect((await manager.loadSession(cherryId)).messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect((await manager.listSessions({ workingDir: home.workDir })).map((s) => s.id).sort()).toEqual(
      [appleId, bananaId, cherryId].sort(),
    );
  });
});

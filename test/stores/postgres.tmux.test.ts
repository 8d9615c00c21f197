// Interactive mode on the PostgreSQL store, in tmux: a new conversation is saved to the database,
// /sessions lists the database's sessions, /load <id> and the /load picker open them and the
// conversation continues in the same row.
import { afterEach, describe, expect, it } from "vitest";
import { PostgresSessionManager } from "../../src/sessions/postgres/manager.js";
import { continueLoadedSession, pickBananaSession } from "../interactive/load-steps.js";
import { tmuxFixture } from "../interactive/tmux-fixture.js";
import { runAgenix, type TempHome } from "../support/cli.js";
import type { LlmServer } from "../support/llm-server.js";
import { freshDatabase } from "../support/postgres.js";

let db: { url: string; drop: () => Promise<void> };
let manager: PostgresSessionManager;
// Registered before the fixture's, so it runs after it: agenix has exited when the database goes.
afterEach(async () => {
  await manager?.close();
  await db?.drop();
});
const tmux = tmuxFixture();
let home: TempHome;
let server: LlmServer;

describe("interactive mode on PostgreSQL (tmux)", () => {
  it("saves, lists with /sessions, and /load <id> and the picker continue sessions from the database", async () => {
    ({ home, server } = await tmux.setup([
      { text: "Answer about apples." },
      { text: "Answer about bananas." },
      { text: "More on apples." },
      { text: "Cherries are red." },
    ]));
    db = await freshDatabase();
    manager = new PostgresSessionManager({ connectionString: db.url, onWarning: () => {} });
    home.env.AGENIX_SESSION_STORE = db.url;
    for (const question of ["Tell me about apples", "Tell me about bananas"]) {
      const run = await runAgenix([question], { cwd: home.workDir, env: home.env });
      expect(run.code, run.stderr).toBe(0);
    }
    const listed = await manager.listSessions({ workingDir: home.workDir });
    expect(listed).toHaveLength(2);
    const appleId = listed.find((s) => s.first_message?.includes("apples"))!.id;
    const bananaId = listed.find((s) => s.id !== appleId)!.id;

    const p = tmux.open();
    await p.waitFor("/help for commands");
    p.type("/sessions");
    p.keys("Enter");
    await p.waitFor((s) => s.includes("Available sessions:") && s.includes(appleId) && s.includes(bananaId));

    p.type(`/load ${appleId}`);
    await continueLoadedSession(p, server, async () => (await manager.loadSession(appleId)).messages.length);
    await pickBananaSession(p, bananaId);

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

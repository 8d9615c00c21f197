// /search, /rewind and /fork in the real binary, typed into tmux.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SessionManager } from "../../src/sessions/manager.js";
import type { TempHome } from "../support/cli.js";
import { waitUntil } from "./tmux.js";
import { tmuxFixture } from "./tmux-fixture.js";

const tmux = tmuxFixture();
let home: TempHome;

function sessionFile(id: string): string | undefined {
  for (const folder of readdirSync(home.sessionDir, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    const file = path.join(home.sessionDir, folder.name, `${id}.json`);
    if (existsSync(file)) return file;
  }
  return undefined;
}

describe("history commands in tmux", () => {
  it("/search opens the hits in the picker and Enter loads one; /rewind forks before a message and refills the prompt", async () => {
    ({ home } = await tmux.setup([{ text: "answer one" }, { text: "answer two" }]));
    const manager = new SessionManager({ dir: home.sessionDir });
    const old = await manager.createSessionData({
      workingDir: path.join(home.home, "elsewhere"),
      model: "gpt-4o",
    });
    old.messages.push({ role: "user", content: "how do pelicans fly", timestamp: "2024-02-02T10:00:00Z" });
    await manager.saveSession(old);

    const pane = tmux.open();
    await pane.waitFor("/help for commands");
    pane.type("/search pelicans");
    pane.keys("Enter");
    await pane.waitFor("Search: pelicans");
    await pane.waitFor(old.id);
    pane.keys("Enter");
    await pane.waitFor("Session loaded");
    await pane.waitFor(/Session loaded[\s\S]*> how do pelicans fly/);
    pane.type("/new");
    pane.keys("Enter");
    await pane.waitFor("New session started");

    pane.type("first question");
    pane.keys("Enter");
    const idle = (text: string) => (s: string) => s.includes(text) && !s.includes("Esc to interrupt");
    await pane.waitFor(idle("answer one"));
    pane.type("second question");
    pane.keys("Enter");
    const screen = await pane.waitFor(idle("answer two"));
    const id = [...screen.matchAll(/session (\d{8}_\d{6}(?:_\d+)?)/g)].at(-1)![1]!;
    await waitUntil(
      () => JSON.parse(readFileSync(sessionFile(id)!, "utf8")).messages.length === 4,
      "4 messages saved",
    );

    pane.type("/rewind");
    pane.keys("Enter");
    await pane.waitFor("❯ #2 second question");
    pane.keys("Enter");
    // Then what to rewind: conversation only (the third choice) keeps this test about the fork.
    await pane.waitFor("❯ Conversation and files");
    pane.keys("Down", "Down");
    await pane.waitFor("❯ Conversation only");
    pane.keys("Enter");
    const after = await pane.waitFor(/Rewound: continuing in (\S+),/);
    const forkId = /Rewound: continuing in (\S+),/.exec(after)![1]!;
    // The chosen message is back in the prompt, ready to edit and send again.
    await pane.waitFor(/> second question *\n.*gpt-4o · /);
    const fork = JSON.parse(readFileSync(sessionFile(forkId)!, "utf8"));
    expect(fork.messages.map((m: { content: unknown }) => m.content)).toEqual([
      "first question",
      [{ type: "text", text: "answer one" }],
    ]);
    expect(fork.metadata.forked_from).toEqual({ session_id: id, message_index: 2 });
    expect(JSON.parse(readFileSync(sessionFile(id)!, "utf8")).messages).toHaveLength(4);

    pane.keys("C-u");
    pane.type("/fork 1");
    pane.keys("Enter");
    const forked = await pane.waitFor(/Forked \S+ into (\S+);/);
    const secondFork = /Forked \S+ into (\S+);/.exec(forked)![1]!;
    expect(JSON.parse(readFileSync(sessionFile(secondFork)!, "utf8")).metadata.forked_from).toEqual({
      session_id: forkId,
      message_index: 1,
    });
  }, 90_000);
});

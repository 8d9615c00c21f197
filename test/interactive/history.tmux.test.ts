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

    tmux.open();
    await tmux.pane!.waitFor("/help for commands");
    tmux.pane!.type("/search pelicans");
    tmux.pane!.keys("Enter");
    await tmux.pane!.waitFor("Search: pelicans");
    await tmux.pane!.waitFor(old.id);
    tmux.pane!.keys("Enter");
    await tmux.pane!.waitFor("Session loaded");
    await tmux.pane!.waitFor(/Session loaded[\s\S]*> how do pelicans fly/);
    tmux.pane!.type("/new");
    tmux.pane!.keys("Enter");
    await tmux.pane!.waitFor("New session started");

    tmux.pane!.type("first question");
    tmux.pane!.keys("Enter");
    const idle = (text: string) => (s: string) => s.includes(text) && !s.includes("Esc to interrupt");
    await tmux.pane!.waitFor(idle("answer one"));
    tmux.pane!.type("second question");
    tmux.pane!.keys("Enter");
    const screen = await tmux.pane!.waitFor(idle("answer two"));
    const id = [...screen.matchAll(/session (\d{8}_\d{6}(?:_\d+)?)/g)].at(-1)![1]!;
    await waitUntil(
      () => JSON.parse(readFileSync(sessionFile(id)!, "utf8")).messages.length === 4,
      "4 messages saved",
    );

    tmux.pane!.type("/rewind");
    tmux.pane!.keys("Enter");
    await tmux.pane!.waitFor("❯ #2 second question");
    tmux.pane!.keys("Enter");
    // Then what to rewind: conversation only (the third choice) keeps this test about the fork.
    await tmux.pane!.waitFor("❯ Conversation and files");
    tmux.pane!.keys("Down", "Down");
    await tmux.pane!.waitFor("❯ Conversation only");
    tmux.pane!.keys("Enter");
    const after = await tmux.pane!.waitFor(/Rewound: continuing in (\S+),/);
    const forkId = /Rewound: continuing in (\S+),/.exec(after)![1]!;
    // The chosen message is back in the prompt, ready to edit and send again.
    await tmux.pane!.waitFor(/> second question *\n.*gpt-4o · /);
    const fork = JSON.parse(readFileSync(sessionFile(forkId)!, "utf8"));
    expect(fork.messages.map((m: { content: unknown }) => m.content)).toEqual([
      "first question",
      [{ type: "text", text: "answer one" }],
    ]);
    expect(fork.metadata.forked_from).toEqual({ session_id: id, message_index: 2 });
    expect(JSON.parse(readFileSync(sessionFile(id)!, "utf8")).messages).toHaveLength(4);

    tmux.pane!.keys("C-u");
    tmux.pane!.type("/fork 1");
    tmux.pane!.keys("Enter");
    const forked = await tmux.pane!.waitFor(/Forked \S+ into (\S+);/);
    const secondFork = /Forked \S+ into (\S+);/.exec(forked)![1]!;
    expect(JSON.parse(readFileSync(sessionFile(secondFork)!, "utf8")).metadata.forked_from).toEqual({
      session_id: forkId,
      message_index: 1,
    });
  }, 90_000);
});

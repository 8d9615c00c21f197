// The steps of the /load scenario every session store runs in tmux (test/interactive/basics.tmux
// and test/stores/postgres.tmux): two sessions, one about apples and one about bananas, made by
// print mode; the pane loads the apple session by id and continues it, then picks the banana
// session in the /load picker. Only how a test reads its store differs.
import { expect } from "vitest";
import type { LlmServer } from "../support/llm-server.js";
import { type TmuxPane, waitUntil } from "./tmux.js";

/**
 * With `/load <apple id>` typed: loads it, shows the earlier answer, asks "And more?" (the server's
 * next reply is "More on apples."), waits until the store holds the 4 messages, and checks the
 * request carried the loaded conversation.
 */
export async function continueLoadedSession(
  p: TmuxPane,
  server: LlmServer,
  storedMessages: () => number | Promise<number>,
): Promise<void> {
  p.keys("Enter");
  await p.waitFor("Session loaded");
  await p.waitFor("Answer about apples.");
  p.type("And more?");
  p.keys("Enter");
  await p.waitFor("More on apples.");
  await waitUntil(async () => (await storedMessages()) === 4, "the loaded session is stored with 4 messages");
  expect(server.requests.at(-1)!.body.messages.map((m: { role: string }) => m.role)).toEqual([
    "system",
    "user",
    "assistant",
    "user",
  ]);
}

/** Picks the banana session in the /load picker (of two) and waits until the status line names it. */
export async function pickBananaSession(p: TmuxPane, bananaId: string): Promise<void> {
  p.type("/load");
  p.keys("Enter");
  await p.waitFor("Resume a session");
  p.type("banana");
  await p.waitFor("1 of 2");
  p.keys("Enter");
  await p.waitFor((s) => s.split("Session loaded").length > 2 && s.includes("Answer about bananas."));
  // The status line names the session (the bare id when the line is narrow).
  await p.waitFor(new RegExp(`· (?:session )?${bananaId} ·`));
}

import { describe, expect, it } from "vitest";
import type { LlmServer } from "../support/llm-server.js";
import { tmuxFixture } from "./tmux-fixture.js";

const tmux = tmuxFixture();
let server: LlmServer;

/** The answer is on screen and the turn is over (the status line no longer offers Esc). */
const idleWith = (text: string) => (screen: string) =>
  screen.includes(text) && !screen.trimEnd().split("\n").at(-1)!.includes("Esc to interrupt");

describe("--max-budget-usd in interactive mode", () => {
  it("stops before the request, asks to raise the budget, and /budget lets the message run", async () => {
    // claude-sonnet-4-6: $0.315 a request ($3 and $15 per million).
    const usage = { prompt_tokens: 100_000, completion_tokens: 1000 };
    ({ server } = await tmux.setup(
      [
        { text: "first answer", usage },
        { text: "second answer", usage },
      ],
      { api: "anthropic" },
    ));
    const p = tmux.open({ args: ["--model", "claude-sonnet-4-6", "--max-budget-usd", "0.3"], width: 160 });
    await p.waitFor("/help for commands");
    p.type("hello");
    p.keys("Enter");
    await p.waitFor(idleWith("first answer"));
    p.type("again");
    p.keys("Enter");
    await p.waitFor(
      /Stopped: the budget of \$0\.30 is spent \(\$0\.32 used\)\. Raise it\? \/budget 0\.60 \(or another amount in US dollars\), then send your message again\./,
    );
    expect(server.requests).toHaveLength(1);
    p.type("/budget");
    p.keys("Enter");
    await p.waitFor("Budget: $0.32 of $0.30 used (estimated).");
    p.type("/budget 1");
    p.keys("Enter");
    await p.waitFor("Budget set to $1.00 ($0.32 used so far).");
    p.type("again");
    p.keys("Enter");
    await p.waitFor(idleWith("second answer"));
    expect(server.requests).toHaveLength(2);
  }, 60_000);
});

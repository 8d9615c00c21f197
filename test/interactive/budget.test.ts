// Interactive mode and the budget: the stop is shown with the question (raise it with /budget), and
// /budget shows the spend or raises the limit of the session's guard.
import { describe, expect, it } from "vitest";
import { AgentSession } from "../../src/agent/agent-session.js";
import { runCommand } from "../../src/cli/interactive/commands.js";
import { applyEvent, emptyTranscript } from "../../src/cli/interactive/transcript-state.js";
import { BudgetExceededError } from "../../src/errors.js";
import { fakeProvider, reply } from "../agent/fakes.js";

describe("the budget in interactive mode", () => {
  it("shows the stop as a warning that asks to raise it with /budget", () => {
    const state = applyEvent(
      emptyTranscript,
      { type: "error", error: new BudgetExceededError(2, 2.03, 0.01) },
      0,
    );
    const line = state.items.at(-1) as unknown as { text: string; tone: string };
    expect(line.tone).toBe("warning");
    expect(line.text).toBe(
      "Stopped: the budget of $2.00 is spent ($2.03 used). Raise it? /budget 4.00 (or another amount in US dollars), then send your message again.",
    );
  });

  it("/budget raises the limit and the next message runs", async () => {
    const provider = fakeProvider([reply("one"), reply("two")]);
    let allowed = 1;
    const budget = {
      limitUsd: 1,
      spentUsd: 0,
      allows() {
        return allowed-- > 0 || this.limitUsd > 1;
      },
      minimumCost: () => 0.5,
      record() {
        this.spentUsd += 0.9;
      },
    };
    const session = new AgentSession({
      store: null,
      model: "gpt-4o",
      workingDir: "/w",
      systemPrompt: "sys",
      maxTurns: 3,
      tools: [],
      providerFor: async () => provider,
      providerName: "openai",
      budget,
    });
    expect(await session.prompt("first")).toBe("one");
    await expect(session.prompt("second")).rejects.toBeInstanceOf(BudgetExceededError);
    const ctx = { session, sessions: { list: async () => [] } };
    expect((await runCommand("/budget", ctx)).output).toBe("Budget: $0.90 of $1.00 used (estimated).");
    expect((await runCommand("/budget 5", ctx)).output).toBe("Budget set to $5.00 ($0.90 used so far).");
    expect((await runCommand("/budget lots", ctx)).tone).toBe("error");
    expect(await session.prompt("second")).toBe("two");
    expect(provider.requests).toHaveLength(2);
  });
});

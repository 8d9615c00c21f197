// /compact and /effort in the real binary in tmux: the notices before and after, the status line's
// context share, and the compaction recorded in the file.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isSummaryRequest, requestTexts } from "../e2e/compaction-helpers.js";
import type { TempHome } from "../support/cli.js";
import type { LlmServer } from "../support/llm-server.js";
import { waitUntil } from "./tmux.js";
import { tmuxFixture } from "./tmux-fixture.js";

const tmux = tmuxFixture();
let home: TempHome;
let server: LlmServer;

function sessionFile(): string | undefined {
  if (!existsSync(home.sessionDir)) return undefined;
  for (const folder of readdirSync(home.sessionDir)) {
    const dir = path.join(home.sessionDir, folder);
    const file = readdirSync(dir).find((f) => f.endsWith(".json") && !f.startsWith("."));
    if (file) return path.join(dir, file);
  }
  return undefined;
}

/** The answer is on screen and the turn is over (the status line no longer offers Esc). */
function idleWith(text: string) {
  return (screen: string) => {
    const lines = screen.trimEnd().split("\n");
    return screen.includes(text) && !lines.at(-1)!.includes("Esc to interrupt");
  };
}

describe("/compact in tmux", () => {
  it("summarizes on demand with instructions, shows before/after notices and the context share", async () => {
    ({ home, server } = await tmux.setup(
      [
        { text: "First answer about apples." },
        { text: "Second answer about pears." },
        { text: "## Goal\nTalk about fruit." },
        { text: "Third answer, after the summary." },
      ],
      { server: { promptTokensFromRequest: true } },
    ));
    home.env.AGENIX_CONTEXT_WINDOW = "20000";
    const p = tmux.open({ width: 160 });
    await p.waitFor("/help for commands");
    p.type(`Tell me about apples ${"a".repeat(3000)}`);
    p.keys("Enter");
    await p.waitFor(idleWith("First answer about apples."));
    p.type("And pears?");
    p.keys("Enter");
    await p.waitFor(idleWith("Second answer about pears."));
    await p.waitFor(/session \d{8}_\d{6}\S* · context \d+%/);

    p.type("/compact focus on the fruit");
    p.keys("Enter");
    await p.waitFor(
      /Compacting the conversation \(manual: as asked\): summarizing older messages, [\d,]+ \(\d+%\) of 20,000 tokens in use/,
    );
    await p.waitFor(
      /Compacted the conversation \(manual\): [\d,]+ \(\d+%\) -> [\d,]+ \(\d+%\) tokens of a 20,000-token window/,
    );
    const summary = server.requests.find(isSummaryRequest)!;
    expect(requestTexts(summary).join("\n")).toContain("focus on the fruit");
    await waitUntil(
      () => JSON.parse(readFileSync(sessionFile()!, "utf8")).compactions?.length === 1,
      "the record is saved",
    );
    const record = JSON.parse(readFileSync(sessionFile()!, "utf8")).compactions[0];
    expect(record).toMatchObject({
      trigger: "manual",
      first_kept_index: 2,
      summary: "## Goal\nTalk about fruit.",
    });

    p.type("/effort high");
    p.keys("Enter");
    await p.waitFor(idleWith("Reasoning effort: high (for the next turns)"));

    p.type("Go on");
    p.keys("Enter");
    await p.waitFor("Third answer, after the summary.");
    await p.waitFor('reasoning effort "high" is ignored for gpt-4o');
    const last = requestTexts(server.requests.at(-1)!);
    expect(last[0]).toMatch(/^\[Summary of the earlier conversation/);
    expect(last.slice(1)).toEqual(["And pears?", "Second answer about pears.", "Go on"]);
    expect(server.rejections).toEqual([]);
  });
});

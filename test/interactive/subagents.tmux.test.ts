// Subagents in the terminal UI: one line per running child under its task call (its current tool,
// elapsed time, tokens), /agents, and Esc stopping the children with the parent.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { TempHome } from "../support/cli.js";
import type { RecordedRequest, ScriptedReply } from "../support/llm-server.js";
import { groupAlive } from "../support/process-group.js";
import { waitUntil } from "./tmux.js";
import { tmuxFixture } from "./tmux-fixture.js";

const tmux = tmuxFixture();
let home: TempHome;

function firstUserText(request: RecordedRequest): string {
  const user = (request.body?.messages ?? []).find((m: { role: string }) => m.role === "user");
  return typeof user?.content === "string" ? user.content : "";
}

function sessions(): {
  id: string;
  metadata: Record<string, unknown>;
  messages: { role: string; content: unknown }[];
}[] {
  if (!existsSync(home.sessionDir)) return [];
  return readdirSync(home.sessionDir).flatMap((folder) =>
    readdirSync(path.join(home.sessionDir, folder))
      .filter((f) => f.endsWith(".json") && !f.startsWith("."))
      .map((f) => JSON.parse(readFileSync(path.join(home.sessionDir, folder, f), "utf8"))),
  );
}

describe("subagents in tmux", () => {
  it("shows a line per running child under its task call, and Esc stops the children with the parent", async () => {
    const usage = { prompt_tokens: 1200, completion_tokens: 34 };
    const children = new Map<string, ScriptedReply[]>([
      [
        "sleep here",
        [
          {
            toolCalls: [
              { id: "s1", name: "bash", arguments: { command: "echo $$ > child.pid; exec sleep 60" } },
            ],
            usage,
          },
        ],
      ],
      ["wait here", [{ fault: "hang" }]],
    ]);
    ({ home } = await tmux.setup(
      [
        {
          toolCalls: [
            { id: "call_s", name: "task", arguments: { description: "sleeper", prompt: "sleep here" } },
            {
              id: "call_w",
              name: "task",
              arguments: { description: "waiter", prompt: "wait here", agent: "explore" },
            },
          ],
        },
      ],
      { server: { respond: (request) => children.get(firstUserText(request))?.shift() } },
    ));
    const pane = tmux.open({ args: ["--yolo"] });
    await pane.waitFor("/help for commands");

    pane.type("/agents");
    pane.keys("Enter");
    await pane.waitFor(/explore +Read-only agent/);
    expect(pane.screen()).toMatch(
      /tools: read, bash, grep, glob\n\s+model: yours · mode: plan or narrower · built in/,
    );

    pane.type("split the work");
    pane.keys("Enter");
    const screen = await pane.waitFor(
      (s) =>
        /↳ general \d{8}_\d{6}\S* · bash\(echo \$\$ > child\.pid; exec sleep 60\) · \d+s · 1,234 tokens/.test(
          s,
        ) && /↳ explore \d{8}_\d{6}\S* · thinking · \d+s · 0 tokens/.test(s),
    );
    expect(screen).toContain("⏺ task(sleeper)");
    expect(screen).toContain("⏺ task(waiter)");
    const pidFile = path.join(home.workDir, "child.pid");
    await waitUntil(
      () => existsSync(pidFile) && readFileSync(pidFile, "utf8").trim() !== "",
      "the child's command started",
    );
    const pid = Number(readFileSync(pidFile, "utf8").trim());

    pane.keys("Escape");
    await pane.waitFor("Interrupted.");
    await waitUntil(() => !groupAlive(pid), "the child's command was stopped");
    // Both children's sessions are saved with their parent link; the parent's task calls have results.
    await waitUntil(() => sessions().filter((s) => s.metadata.parent).length === 2, "both children saved");
    const parent = sessions().find((s) => !s.metadata.parent)!;
    const results = parent.messages.filter((m) => m.role === "tool");
    expect(results).toHaveLength(2);
    const sleeper = sessions().find(
      (s) => (s.metadata.parent as { tool_call_id: string })?.tool_call_id === "call_s",
    )!;
    expect(sleeper.messages.map((m) => m.role)).toEqual(["user", "assistant", "tool"]);
  });

  it("asks the user about two children's commands one after the other, saying which subagent asks", async () => {
    const children = new Map<string, ScriptedReply[]>(
      ["one", "two"].map((n) => [
        `make ${n}`,
        [
          { toolCalls: [{ id: `t_${n}`, name: "bash", arguments: { command: `touch made-${n}` } }] },
          { text: `made ${n}` },
        ],
      ]),
    );
    ({ home } = await tmux.setup(
      [
        {
          toolCalls: ["one", "two"].map((n) => ({
            id: `call_${n}`,
            name: "task",
            arguments: { description: `make ${n}`, prompt: `make ${n}` },
          })),
        },
        { text: "Both made." },
      ],
      { server: { respond: (request) => children.get(firstUserText(request))?.shift() } },
    ));
    const pane = tmux.open();
    await pane.waitFor("/help for commands");
    pane.type("make both");
    pane.keys("Enter");
    for (let answered = 0; answered < 2; answered++) {
      await pane.waitFor(
        (s) => (s.match(/asked by the general subagent/g) ?? []).length === 1 && /1\/y: Yes, once/.test(s),
      );
      const shown = /touch (made-\w+)/.exec(pane.screen().split("Allow bash?").at(-1) ?? "")?.[1];
      pane.keys("y");
      await waitUntil(() => existsSync(path.join(home.workDir, shown ?? "none")), `${shown} was made`);
    }
    await pane.waitFor("Both made.");
    expect(existsSync(path.join(home.workDir, "made-one"))).toBe(true);
    expect(existsSync(path.join(home.workDir, "made-two"))).toBe(true);
  });
});

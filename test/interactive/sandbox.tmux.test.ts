// The sandbox in interactive mode, in the real binary under tmux: the status line names it, the
// model's commands run in it without a box (auto), `!command` runs in it too, and escalation
// ("sandbox": false) asks in a box that says the command runs outside the sandbox.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { TempHome } from "../support/cli.js";
import { waitUntil } from "./tmux.js";
import { tmuxFixture } from "./tmux-fixture.js";

const tmux = tmuxFixture();
let home: TempHome;

describe("sandbox in tmux", () => {
  it("status line, auto without a box, !command sandboxed, escalation asks and says so", async () => {
    ({ home } = await tmux.setup([
      { toolCalls: [{ id: "c1", name: "bash", arguments: { command: "echo in > inside.txt" } }] },
      {
        toolCalls: [
          { id: "c2", name: "bash", arguments: { command: "echo out > ../escalated.txt", sandbox: false } },
        ],
      },
      { text: "All done." },
    ]));
    delete home.env.AGENIX_SANDBOX;
    home.env.TMPDIR = path.join(home.home, "tmp");
    mkdirSync(home.env.TMPDIR);
    const p = tmux.open({ width: 160 });
    await p.waitFor("/help for commands");
    await p.waitFor("mode: auto (shift+tab) · sandbox: workspace-write");

    // The user's own command runs in the sandbox too: outside the project is read-only.
    p.type("!touch ../bang.txt");
    p.keys("Enter");
    await p.waitFor("Read-only file system");
    expect(existsSync(path.join(home.home, "bang.txt"))).toBe(false);

    p.type("make the files");
    p.keys("Enter");
    const screen = await p.waitFor("Allow bash?");
    // The first command ran without a box; the escalation asks and says where it runs.
    expect(readFileSync(path.join(home.workDir, "inside.txt"), "utf8")).toBe("in\n");
    expect(screen).toContain("OUTSIDE the sandbox");
    expect(existsSync(path.join(home.home, "escalated.txt"))).toBe(false);
    p.type("y");
    await waitUntil(() => existsSync(path.join(home.home, "escalated.txt")), "escalated.txt exists");
    await p.waitFor("All done.");
  });
});

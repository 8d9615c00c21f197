// Background shells in the real binary under tmux: /ps lists the model's shell (id, state, running
// time, command), and leaving agenix stops it, process group and all, with a notice naming it.
import { describe, expect, it } from "vitest";
import { sessionIdFrom } from "../e2e/helpers.js";
import { processesWith } from "../e2e/sandbox-helpers.js";
import { runAgenix, type TempHome } from "../support/cli.js";
import { waitUntil } from "./tmux.js";
import { tmuxFixture } from "./tmux-fixture.js";

const tmux = tmuxFixture();
let home: TempHome;

describe("background shells in tmux", () => {
  it("/ps lists them; /load of another session and leaving stop the ones still running, named", async () => {
    const tag = `agenix-tmux-bg-${process.pid}`;
    // The tag stays in the sleeper's command line (a `bash -c` would exec away into plain sleep).
    const command = `python3 -c 'import time; time.sleep(300)' ${tag}`;
    const second = `python3 -c 'import time; time.sleep(301)' ${tag}-2`;
    ({ home } = await tmux.setup([
      { text: "An older session." },
      { toolCalls: [{ name: "bash", arguments: { command, run_in_background: true } }] },
      { text: "The job runs in the background." },
      { toolCalls: [{ name: "bash", arguments: { command: second, run_in_background: true } }] },
      { text: "Another job runs." },
    ]));
    const older = await runAgenix(["-p", "hi"], { cwd: home.workDir, env: home.env });
    const olderId = sessionIdFrom(older.stderr);
    const pane = tmux.open({ args: ["--yolo"], width: 140 });
    await pane.waitFor("/help for commands");

    pane.type("/ps");
    pane.keys("Enter");
    await pane.waitFor("No background shells.");

    pane.type("start the job");
    pane.keys("Enter");
    await pane.waitFor("The job runs in the background.");
    // `python3` may be a launcher script (pyenv) that forks on its way to python: wait for the one process.
    await waitUntil(() => processesWith(tag).length === 1, "the first shell runs as one process");

    pane.type("/ps");
    pane.keys("Enter");
    const screen = await pane.waitFor("Background shells (1 running");
    expect(screen).toMatch(
      new RegExp(`bash_1 {2}running {2}\\d+s {2}${command.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
    );

    // Loading another session ends this one: its shell stops, and the transcript says so.
    pane.type(`/load ${olderId}`);
    pane.keys("Enter");
    await pane.waitFor("Session loaded");
    expect(pane.screen()).toContain(`Stopped 1 background shell still running: bash_1 (${command})`);
    expect(processesWith(tag)).toEqual([]);

    pane.type("start another");
    pane.keys("Enter");
    await pane.waitFor("Another job runs.");
    await waitUntil(() => processesWith(`${tag}-2`).length === 1, "the second shell runs as one process");
    pane.type("/quit");
    pane.keys("Enter");
    const last = await pane.waitForExit();
    expect(last).toContain(`Stopped 1 background shell still running: bash_1 (${second})`);
    expect(pane.exitStatus()).toBe(0);
    expect(processesWith(`${tag}-2`)).toEqual([]);
  });
});

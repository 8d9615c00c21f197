// Background shells in the real binary under tmux: /ps lists the model's shell (id, state, running
// time, command), and leaving agenix stops it, process group and all, with a notice naming it.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { processesWith } from "../e2e/sandbox-helpers.js";
import { assertFreshBuild, makeTempHome, type TempHome } from "../support/cli.js";
import { type LlmServer, startLlmServer } from "../support/llm-server.js";
import { startAgenixInTmux, type TmuxPane } from "./tmux.js";

let home: TempHome;
let server: LlmServer;
let pane: TmuxPane | undefined;

beforeAll(() => assertFreshBuild());

afterEach(async () => {
  pane?.kill();
  pane = undefined;
  await server?.close();
  await home?.cleanup();
});

describe("background shells in tmux", () => {
  it("/ps lists them; leaving stops the ones still running and names them", async () => {
    const tag = `agenix-tmux-bg-${process.pid}`;
    // The tag stays in the sleeper's command line (a `bash -c` would exec away into plain sleep).
    const command = `python3 -c 'import time; time.sleep(300)' ${tag}`;
    server = await startLlmServer([
      { toolCalls: [{ name: "bash", arguments: { command, run_in_background: true } }] },
      { text: "The job runs in the background." },
    ]);
    home = await makeTempHome();
    home.env.OPENAI_BASE_URL = server.openaiBaseUrl;
    home.env.OPENAI_API_KEY = "sk-test-not-a-real-key";
    pane = startAgenixInTmux({
      env: home.env,
      cwd: home.workDir,
      home: home.home,
      args: ["--yolo"],
      width: 140,
    });
    await pane.waitFor("/help for commands");

    pane.type("/ps");
    pane.keys("Enter");
    await pane.waitFor("No background shells.");

    pane.type("start the job");
    pane.keys("Enter");
    await pane.waitFor("The job runs in the background.");
    expect(processesWith(tag).length).toBe(1);

    pane.type("/ps");
    pane.keys("Enter");
    const screen = await pane.waitFor("Background shells (1 running");
    expect(screen).toMatch(
      new RegExp(`bash_1 {2}running {2}\\d+s {2}${command.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
    );

    pane.type("/quit");
    pane.keys("Enter");
    const last = await pane.waitForExit();
    expect(last).toContain(`Stopped 1 background shell still running: bash_1 (${command})`);
    expect(pane.exitStatus()).toBe(0);
    expect(processesWith(tag)).toEqual([]);
  });
});

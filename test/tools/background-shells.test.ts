// Background shells with real processes: bash run_in_background starts one and returns at once,
// bash_output reads only new output (filtered, bounded), kill_shell ends the whole process group,
// the session's end stops every one still running (letting each finish writing on its way out),
// and the number running at once is capped.
import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BackgroundShells } from "../../src/tools/background-shells.js";
import { bashTool } from "../../src/tools/bash.js";
import { bashOutputTool } from "../../src/tools/bash-output.js";
import { killShellTool } from "../../src/tools/kill-shell.js";
import type { ToolContext } from "../../src/tools/types.js";
import { processesWith } from "../e2e/sandbox-helpers.js";
import { waitUntil } from "../interactive/tmux.js";
import { tempDir } from "./helpers.js";

let shells: BackgroundShells;
afterEach(async () => {
  await shells?.closeAll();
});

function setup(options?: ConstructorParameters<typeof BackgroundShells>[0]): ToolContext {
  shells = new BackgroundShells(options);
  return { workingDir: tempDir(), signal: new AbortController().signal, shells };
}

const marker = () => `agenix-bg-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

describe("background shells", () => {
  it("start returns at once; bash_output gives new output only; kill_shell ends the group", async () => {
    const ctx = setup();
    const tag = marker();
    const started = await bashTool.run(
      { command: `echo hello; bash -c 'sleep 300' ${tag} & echo second; wait`, run_in_background: true },
      ctx,
    );
    expect(started.isError).toBe(false);
    expect(started.content).toContain("bash_1");
    await waitUntil(() => shells.list()[0]!.running && processesWith(tag).length === 1, "the child runs");
    let first = "";
    await waitUntil(async () => {
      first += (await bashOutputTool.run({ id: "bash_1" }, ctx)).content;
      return first.includes("second");
    }, "both lines were read");
    expect(first).toContain("hello");
    expect(first).toMatch(/bash_1 .*: running for \d+s/);
    expect((await bashOutputTool.run({ id: "bash_1" }, ctx)).content).toContain("(no new output)");

    const killed = await killShellTool.run({ id: "bash_1" }, ctx);
    expect(killed).toMatchObject({ isError: false, summary: "Stopped bash_1" });
    // The grandchild went with the group: nothing with the tag is left in /proc.
    expect(processesWith(tag)).toEqual([]);
    const after = await bashOutputTool.run({ id: "bash_1" }, ctx);
    expect(after.content).toMatch(/: killed after \d+s/);
    expect((await killShellTool.run({ id: "bash_1" }, ctx)).content).toContain("was not running (killed)");
  });

  it("reports the exit code of a shell that ended on its own", async () => {
    const ctx = setup();
    await bashTool.run({ command: "echo bye; exit 3", run_in_background: true }, ctx);
    await waitUntil(() => !shells.list()[0]!.running, "the shell ended");
    const read = await bashOutputTool.run({ id: "bash_1" }, ctx);
    expect(read.content).toMatch(/: exit 3 after \d+s\nbye$/);
    expect(read.summary).toBe("exit 3, 1 new line");
  });

  it("filter keeps matching lines; a bad filter consumes nothing", async () => {
    const ctx = setup();
    await bashTool.run({ command: "printf 'a1\\nb2\\na3\\n'", run_in_background: true }, ctx);
    await waitUntil(() => !shells.list()[0]!.running, "the shell ended");
    const bad = await bashOutputTool.run({ id: "bash_1", filter: "(" }, ctx);
    expect(bad.isError).toBe(true);
    expect(bad.content).toContain("not a valid regular expression");
    const read = await bashOutputTool.run({ id: "bash_1", filter: "^a" }, ctx);
    expect(read.content).toContain("[2 of 3 new lines match ^a]\na1\na3");
    expect(read.content.split("\n").slice(1)).not.toContain("b2");
  });

  it("drains a flood: the writer never blocks, memory stays at the ring's size, the drop is reported", async () => {
    const ctx = setup();
    // 3 MB through the pipe: were it not read all along, the writer would block on a full pipe forever.
    await bashTool.run(
      { command: "head -c 3000000 /dev/zero | tr '\\0' x; echo; echo END", run_in_background: true },
      ctx,
    );
    await waitUntil(() => !shells.list()[0]!.running, "the flood ended", 20_000);
    const read = shells.read("bash_1");
    expect(read.info.exitCode).toBe(0);
    expect(Buffer.byteLength(read.text)).toBe(1024 * 1024);
    expect(read.text.endsWith("x\nEND\n")).toBe(true);
    expect(read.droppedBytes).toBe(3_000_005 - 1024 * 1024);
    // The model gets the note (the text itself is cut to the result limit).
    await bashTool.run({ command: "head -c 2000000 /dev/zero | tr '\\0' y", run_in_background: true }, ctx);
    await waitUntil(() => !shells.list()[1]!.running, "the second flood ended", 20_000);
    const note = await bashOutputTool.run({ id: "bash_2" }, ctx);
    expect(note.content).toContain(`[${2_000_000 - 1024 * 1024} bytes of older output were dropped`);
  });

  it("the session's end stops every running shell, lets it write on its way out, and names it", async () => {
    const ctx = setup();
    const done = path.join(ctx.workingDir, "clean-exit");
    // On SIGTERM it prints 20,000 lines (more than a pipe holds), then leaves a file: unread output
    // would block it until SIGKILL, a closed pipe would kill it by SIGPIPE, either before the file.
    const script = `trap 'for i in $(seq 20000); do echo "shutting down $i"; done; touch ${done}; exit 0' TERM; echo up; while :; do sleep 0.05; done`;
    await bashTool.run({ command: script, run_in_background: true }, ctx);
    await bashTool.run({ command: "true", run_in_background: true }, ctx);
    let seen = "";
    await waitUntil(() => {
      seen += shells.read("bash_1").text;
      return seen.includes("up") && !shells.list()[1]!.running;
    }, "bash_1 is up and bash_2 ended");
    const notice = await shells.end();
    expect(notice).toBe(`Stopped 1 background shell still running: bash_1 (${script.slice(0, 79)}…)`);
    expect(existsSync(done)).toBe(true);
    expect(shells.read("bash_1").text).toContain("shutting down 20000");
    const late = await bashTool.run({ command: "echo late", run_in_background: true }, ctx);
    expect(late).toMatchObject({ isError: true });
    expect(late.content).toContain("The session has ended");
    expect(await shells.end()).toBeUndefined();
  });

  it("caps the shells running at once, naming them; a finished one frees its place", async () => {
    const ctx = setup({ maxRunning: 2 });
    await bashTool.run({ command: "sleep 300", run_in_background: true }, ctx);
    await bashTool.run({ command: "exit 0", run_in_background: true }, ctx);
    await waitUntil(() => !shells.list()[1]!.running, "bash_2 ended");
    await bashTool.run({ command: "sleep 301", run_in_background: true }, ctx);
    const refused = await bashTool.run({ command: "sleep 302", run_in_background: true }, ctx);
    expect(refused.isError).toBe(true);
    expect(refused.content).toContain(
      "Too many background shells: 2 are running (the limit is 2): bash_1 (sleep 300), bash_3 (sleep 301)",
    );
    expect(shells.list().map((s) => s.id)).toEqual(["bash_1", "bash_2", "bash_3"]);
  });

  it("unknown ids and a context without shells are clear errors", async () => {
    const ctx = setup();
    const unknown = await bashOutputTool.run({ id: "bash_9" }, ctx);
    expect(unknown.content).toContain('No background shell "bash_9" in this session. None has been started.');
    const bare = { workingDir: ctx.workingDir, signal: ctx.signal };
    expect((await killShellTool.run({ id: "bash_1" }, bare)).content).toContain("not available");
    const fg = await bashTool.run({ command: "echo hi", run_in_background: true }, bare);
    expect(fg.content).toContain("run the command without run_in_background");
  });
});

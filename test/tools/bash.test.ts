import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bashTool } from "../../src/tools/bash.js";
import { ctxFor, tempDir } from "./helpers.js";

/** Alive and not a zombie (a zombie lingers where PID 1 does not reap orphans). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
}

/** Waits (by polling a file the command writes, not by sleeping a guess) until the pid file exists. */
async function pidFrom(file: string): Promise<number> {
  while (!existsSync(file) || readFileSync(file, "utf8").trim() === "") {
    await new Promise((r) => setImmediate(r));
  }
  return Number(readFileSync(file, "utf8").trim());
}

describe("bash", () => {
  it("runs in the working directory, not process.cwd()", async () => {
    const dir = tempDir();
    const out = await bashTool.run({ command: "pwd; echo hi > made.txt" }, ctxFor(dir));
    expect(out).toMatchObject({ isError: false, summary: "1 line" });
    expect(out.content.trim()).toBe(dir);
    expect(existsSync(path.join(dir, "made.txt"))).toBe(true);
  });

  it("merges stdout and stderr in the order written", async () => {
    const out = await bashTool.run(
      { command: "echo one; echo two >&2; echo three; echo four >&2" },
      ctxFor(tempDir()),
    );
    expect(out.content).toBe("one\ntwo\nthree\nfour\n");
  });

  it("marks a non-zero exit as an error and appends the code", async () => {
    const out = await bashTool.run({ command: "echo partial; exit 7" }, ctxFor(tempDir()));
    expect(out).toEqual({ content: "partial\nExit code: 7", isError: true, summary: "Exit code 7" });
    const missing = await bashTool.run({ command: "definitely-not-a-command-xyz" }, ctxFor(tempDir()));
    expect(missing.content).toContain("command not found");
    expect(missing.content).toMatch(/Exit code: 127$/);
  });

  it("gives commands an empty stdin", async () => {
    const out = await bashTool.run({ command: "cat; echo done" }, ctxFor(tempDir()));
    expect(out.content).toBe("done\n");
  });

  it("kills the whole process group on timeout", async () => {
    const dir = tempDir();
    const out = await bashTool.run(
      { command: "sleep 30 & echo $! > child.pid; echo started; wait", timeout: 500 },
      ctxFor(dir),
    );
    expect(out.isError).toBe(true);
    expect(out.content).toBe("started\nCommand timed out after 0.5s");
    expect(alive(Number(readFileSync(path.join(dir, "child.pid"), "utf8")))).toBe(false);
  });

  it("kills the process group when the signal aborts", async () => {
    const dir = tempDir();
    const controller = new AbortController();
    const running = bashTool.run(
      { command: "sleep 30 & echo $! > child.pid; wait" },
      ctxFor(dir, controller.signal),
    );
    const pid = await pidFrom(path.join(dir, "child.pid"));
    expect(alive(pid)).toBe(true);
    controller.abort();
    const out = await running;
    expect(out).toMatchObject({ isError: true, summary: "Interrupted" });
    expect(out.content).toMatch(/Command was interrupted$/);
    expect(alive(pid)).toBe(false);
  });

  it("keeps head and tail of huge output without holding it all", async () => {
    const out = await bashTool.run({ command: "seq 1 300000" }, ctxFor(tempDir()));
    expect(out.isError).toBe(false);
    expect(out.content.startsWith("1\n2\n3\n")).toBe(true);
    expect(out.content.endsWith("299999\n300000\n")).toBe(true);
    const marker = out.content.match(/\.\.\. \[(\d+) lines \/ (\d+) chars truncated\] \.\.\./);
    expect(marker).not.toBeNull();
    const shownLines = out.content.split("\n").length - 2; // marker line and the final empty string
    expect(Number(marker![1]) + shownLines).toBe(300000);
    expect(out.content.length).toBeLessThanOrEqual(30_000);
  });

  it("returns when bash exits even if a background job keeps the output pipe open", async () => {
    const dir = tempDir();
    // If the tool waited for the pipe to close, this would outlast the test timeout.
    const out = await bashTool.run({ command: "sleep 300 & echo $! > bg.pid; echo done" }, ctxFor(dir));
    const pid = Number(readFileSync(path.join(dir, "bg.pid"), "utf8"));
    process.kill(pid, "SIGKILL");
    expect(out).toMatchObject({ content: "done\n", isError: false });
  });

  it("a background job keeps running after the command returns: its output is drained, not cut", async () => {
    const dir = tempDir();
    // The job writes after bash has exited and the result is in; with a closed pipe it died of SIGPIPE.
    const out = await bashTool.run(
      { command: "(sleep 0.5; echo tick; echo survived > bg-done.txt) & echo $! > bg.pid; echo started" },
      ctxFor(dir),
    );
    expect(out.content).toBe("started\n");
    const pid = Number(readFileSync(path.join(dir, "bg.pid"), "utf8"));
    await waitForExit(pid);
    expect(readFileSync(path.join(dir, "bg-done.txt"), "utf8")).toBe("survived\n");
  });

  it("validates the timeout range", async () => {
    const out = await bashTool.run({ command: "true", timeout: 700_000 }, ctxFor(tempDir()));
    expect(out.isError).toBe(true);
    expect(out.content).toContain("timeout");
  });
});

/** Resolves once `pid` has exited (checked each time the event loop turns; bounded by the test timeout). */
async function waitForExit(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// The bash tool through a real session sandbox (bubblewrap + the built supervisor), in process:
// output and exit codes come back as from a local shell, a timeout and an interrupt stop the
// command's whole process group, a background job lives until the sandbox closes.
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveSandboxConfig } from "../../src/sandbox/config.js";
import { findOnPath } from "../../src/sandbox/locate.js";
import { SessionSandbox } from "../../src/sandbox/session-sandbox.js";
import { bashTool } from "../../src/tools/bash.js";
import { processesWith } from "../e2e/sandbox-helpers.js";
import { waitUntil } from "../support/wait-until.js";

let root: string;
let workingDir: string;
let sandbox: SessionSandbox;
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C.UTF-8" };

beforeAll(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), "agenix-sbx-")));
  workingDir = path.join(root, "project");
  mkdirSync(workingDir, { recursive: true });
  const bwrap = findOnPath("bwrap", process.env);
  if (!bwrap) throw new Error("bwrap is not installed (apt-get install bubblewrap)");
  const { policy } = resolveSandboxConfig({ env: process.env, workingDir, home: root });
  // Its own temp directory, so that `root` (itself under the system's) is outside every writable place.
  mkdirSync(path.join(root, "tmp"));
  sandbox = new SessionSandbox({ ...policy!, tmpDir: path.join(root, "tmp") }, bwrap);
});
afterAll(async () => {
  await sandbox.close();
  rmSync(root, { recursive: true, force: true });
});

const run = (command: string, extra: { timeout?: number; signal?: AbortSignal } = {}) =>
  bashTool.run(
    { command, ...(extra.timeout ? { timeout: extra.timeout } : {}) },
    { workingDir, env, sandbox, signal: extra.signal ?? new AbortController().signal },
  );

describe("commands in a session sandbox", () => {
  it("stdout and stderr in order, the exit code, and a hint when the sandbox stopped it", async () => {
    const ok = await run("echo one; echo two >&2; echo three");
    expect(ok).toMatchObject({ content: "one\ntwo\nthree\n", isError: false });
    const failed = await run(`echo x > ${path.join(root, "outside.txt")}`);
    expect(failed.isError).toBe(true);
    expect(failed.content).toContain("Read-only file system");
    expect(failed.content).toContain("Exit code: 1");
    expect(failed.content).toContain('run it again with "sandbox": false');
  });

  it("a timeout stops the command's whole process group", async () => {
    const marker = `agenix-timeout-${process.pid}`;
    const result = await run(`bash -c 'sleep 60; true' ${marker} & bash -c 'sleep 60; true' ${marker}-2`, {
      timeout: 500,
    });
    expect(result.isError).toBe(true);
    expect(result.content).toContain("Command timed out after");
    expect(processesWith(marker)).toEqual([]);
  });

  it("an interrupt stops it too", async () => {
    const marker = `agenix-abort-${process.pid}`;
    const controller = new AbortController();
    const pending = run(`bash -c 'sleep 60; true' ${marker}`, { signal: controller.signal });
    while (processesWith(marker).length === 0) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    const result = await pending;
    expect(result.content).toMatch(/interrupted/i);
    expect(processesWith(marker)).toEqual([]);
  });

  it("a background job keeps running after its command returns, until the sandbox closes", async () => {
    const marker = `agenix-bg-unit-${process.pid}`;
    const result = await run(`bash -c 'sleep 60; true' ${marker} > /dev/null 2>&1 & echo started`);
    expect(result.content).toBe("started\n");
    await waitUntil(() => processesWith(marker).length === 1, "the background job runs as one process");
    await sandbox.close();
    expect(processesWith(marker)).toEqual([]);
    // A closed sandbox runs nothing more: the tool says so instead of running unsandboxed.
    const after = await run("echo again");
    expect(after.isError).toBe(true);
    expect(after.content).toContain("sandbox is closed");
  });
});

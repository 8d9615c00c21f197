// Real child processes: same-second creation, lock contention, and a SIGKILLed lock holder.
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SessionLockedError } from "../../src/errors.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { assertFreshBuild, repoRoot } from "../support/cli.js";
import { makeTempRoot, type TempRoot } from "./helpers.js";

const managerModule = path.join(repoRoot, "dist/sessions/manager.js");
let tmp: TempRoot;
beforeAll(async () => {
  // The children import the built SessionManager: it must be built from the current source.
  assertFreshBuild();
  await import(managerModule);
});
beforeEach(() => {
  tmp = makeTempRoot();
});
afterEach(() => tmp.cleanup());

function node(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  return spawn(process.execPath, ["--input-type=module", "-e", script, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    env,
  });
}

function output(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (d) => {
      out += d;
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}`))));
  });
}

/** Resolves when the child prints `line`. */
function waitForLine(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (d) => {
      out += d;
      if (out.includes(line)) resolve();
    });
    child.on("close", () => reject(new Error(`child exited before printing ${line}`)));
  });
}

describe("parallel processes", () => {
  it("8 processes creating sessions in the same second (clock pinned by AGENIX_TEST_NOW) get 8 distinct files", async () => {
    const script = `
      const { SessionManager } = await import(${JSON.stringify(managerModule)});
      const [dir, workingDir] = process.argv.slice(1);
      const data = await new SessionManager({ dir }).createSessionData({ workingDir, model: "gpt-4o" });
      process.stdout.write(data.id);
    `;
    // Every child sees the same second, so all 8 really compete for 20240101_120000.
    const env = { ...process.env, AGENIX_TEST_NOW: "2024-01-01T12:00:00.500Z" };
    const children = Array.from({ length: 8 }, () => node(script, [tmp.root, tmp.workDir], env));
    const ids = await Promise.all(children.map(output));
    const expected = ["20240101_120000", ...Array.from({ length: 7 }, (_, i) => `20240101_120000_${i + 2}`)];
    expect(ids.sort()).toEqual(expected.sort());
    const folder = new SessionManager({ dir: tmp.root }).folderFor(tmp.workDir);
    const files = readdirSync(folder).filter((n) => /^\d{8}_\d{6}(_\d+)?\.json$/.test(n));
    expect(files.sort()).toEqual(ids.map((id) => `${id}.json`).sort());
    const listed = await new SessionManager({ dir: tmp.root }).listSessions({ workingDir: tmp.workDir });
    expect(listed).toHaveLength(8);
  });
});

describe("session locks", () => {
  const holdScript = `
    const { SessionManager } = await import(${JSON.stringify(managerModule)});
    const [dir, id, workingDir] = process.argv.slice(1);
    await new SessionManager({ dir }).acquireLock(id, { workingDir });
    process.stdout.write("locked\\n");
    setInterval(() => {}, 1000);
  `;

  it("a live holder blocks others with a clear error; after SIGKILL the stale lock is taken over", async () => {
    const manager = new SessionManager({ dir: tmp.root });
    const data = await manager.createSessionData({ workingDir: tmp.workDir, model: "gpt-4o" });
    const child = node(holdScript, [tmp.root, data.id, tmp.workDir]);
    await waitForLine(child, "locked");
    const error = await manager.acquireLock(data.id, { workingDir: tmp.workDir }).catch((e) => e);
    expect(error).toBeInstanceOf(SessionLockedError);
    const lockFile = `${await manager.sessionPath(data.id, { workingDir: tmp.workDir })}.lock`;
    expect(error.message).toBe(
      `Session ${data.id} is in use by another agenix process (pid ${child.pid} on host ${hostname()}; lock file ${lockFile}). ` +
        `Wait for it to finish, or start a new session. If no agenix is using it any more, run: agenix sessions unlock ${data.id}`,
    );
    await expect(manager.deleteSession(data.id, { workingDir: tmp.workDir })).rejects.toThrow(
      SessionLockedError,
    );

    const exited = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    const release = await manager.acquireLock(data.id, { workingDir: tmp.workDir });
    const file = await manager.sessionPath(data.id, { workingDir: tmp.workDir });
    await release();
    expect(readdirSync(path.dirname(file)).filter((n) => n.endsWith(".lock"))).toEqual([]);
  });

  it("an unreadable, old lock file is stale; release only removes our own lock", async () => {
    const manager = new SessionManager({ dir: tmp.root });
    const data = await manager.createSessionData({ workingDir: tmp.workDir, model: "gpt-4o" });
    const file = await manager.sessionPath(data.id, { workingDir: tmp.workDir });
    writeFileSync(`${file}.lock`, "garbage");
    const { utimesSync } = await import("node:fs");
    utimesSync(`${file}.lock`, new Date(0), new Date(0));
    const release = await manager.acquireLock(data.id, { workingDir: tmp.workDir });
    await expect(manager.acquireLock(data.id, { workingDir: tmp.workDir })).rejects.toThrow(
      SessionLockedError,
    );
    // Someone replaced the lock (e.g. after breaking it): our release must leave theirs alone.
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: 1, hostname: "elsewhere", token: "theirs" }));
    await release();
    expect(readdirSync(path.dirname(file))).toContain(`${data.id}.json.lock`);
  });
});

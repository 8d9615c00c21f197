// Real child processes: same-second creation, lock contention, and a SIGKILLed lock holder.
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SessionLockedError } from "../../src/errors.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { repoRoot } from "../support/cli.js";
import { makeTempRoot, type TempRoot } from "./helpers.js";

const managerModule = path.join(repoRoot, "dist/sessions/manager.js");
let tmp: TempRoot;
beforeAll(async () => {
  // The children import the built SessionManager.
  await import(managerModule);
});
beforeEach(() => {
  tmp = makeTempRoot();
});
afterEach(() => tmp.cleanup());

function node(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ["--input-type=module", "-e", script, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
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
  it("8 processes creating sessions at once (waiting for the same second) get 8 distinct files", async () => {
    const script = `
      const { SessionManager } = await import(${JSON.stringify(managerModule)});
      const [dir, workingDir, startAt] = process.argv.slice(1);
      while (Date.now() < Number(startAt)) {}
      const data = await new SessionManager({ dir }).createSessionData({ workingDir, model: "gpt-4o" });
      process.stdout.write(data.id);
    `;
    const startAt = String(Math.ceil((Date.now() + 1500) / 1000) * 1000 + 50);
    const children = Array.from({ length: 8 }, () => node(script, [tmp.root, tmp.workDir, startAt]));
    const ids = await Promise.all(children.map(output));
    expect(new Set(ids).size).toBe(8);
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
    expect(error.message).toBe(
      `Session ${data.id} is in use by another agenix process (pid ${child.pid}). Wait for it to finish, or start a new session.`,
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

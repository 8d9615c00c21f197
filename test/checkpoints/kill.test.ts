// A kill -9 of agenix and its git in the middle of a snapshot leaves the shadow repository usable:
// the next snapshot clears the dead process's locks, and undo works.
import { execFileSync, spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { ShadowCheckpoints } from "../../src/checkpoints/keeper.js";
import { repoDirFor } from "../../src/checkpoints/shadow-repo.js";
import type { SessionData } from "../../src/messages/types.js";
import { groupAlive } from "../support/process-group.js";

let base: string;
afterEach(() => rmSync(base, { recursive: true, force: true }));

it("kill -9 during a snapshot: the repository stays usable and the next snapshot and undo work", async () => {
  base = realpathSync(mkdtempSync(path.join(tmpdir(), "agenix-cp-kill-")));
  const project = path.join(base, "project");
  const home = path.join(base, "home");
  mkdirSync(home);
  const chunk = Buffer.alloc(16 * 1024, "k");
  for (let d = 0; d < 40; d++) {
    mkdirSync(path.join(project, `d${d}`), { recursive: true });
    for (let f = 0; f < 100; f++) writeFileSync(path.join(project, `d${d}`, `f${f}.txt`), chunk);
  }
  const repo = repoDirFor(path.join(home, ".agenix/checkpoints"), project);
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "snapshot-child.mts"), project, home],
    { detached: true, stdio: "ignore" },
  );
  // git holds index.lock while it hashes the 4,000 files into objects/: kill the whole group then.
  const hashing = () =>
    existsSync(path.join(repo, "index.lock")) &&
    readdirSync(path.join(repo, "objects")).some((name) => /^[0-9a-f]{2}$/.test(name));
  const deadline = Date.now() + 60_000;
  while (!hashing()) {
    if (Date.now() > deadline) throw new Error("the snapshot never took index.lock");
    await new Promise((resolve) => setImmediate(resolve));
  }
  process.kill(-child.pid!, "SIGKILL");
  while (groupAlive(child.pid!)) await new Promise((resolve) => setImmediate(resolve));
  expect(existsSync(path.join(repo, "agenix.lock"))).toBe(true);

  const keeper = new ShadowCheckpoints({
    workingDir: project,
    home,
    env: {},
    limits: { maxFileBytes: 1024 * 1024, maxFiles: 100_000 },
  });
  const data: SessionData = {
    id: "after",
    working_dir: project,
    model: "m",
    created_at: "",
    updated_at: "",
    metadata: {},
    messages: [],
  };
  const first = await keeper.snapshot(data, "turn", undefined, () => {});
  data.checkpoints = [first!];
  rmSync(path.join(project, "d3"), { recursive: true });
  writeFileSync(path.join(project, "d4/f1.txt"), "changed\n");
  data.checkpoints.push((await keeper.snapshot(data, "tool", "bash", () => {}))!);
  expect(data.checkpoints[1]!.files_changed).toBe(101);
  await keeper.undo(data, {}, () => {});
  expect(readFileSync(path.join(project, "d3/f7.txt")).equals(chunk)).toBe(true);
  expect(readFileSync(path.join(project, "d4/f1.txt")).equals(chunk)).toBe(true);
  execFileSync("git", ["--git-dir", repo, "fsck", "--no-progress"], { stdio: "pipe" });
  expect(existsSync(path.join(repo, "index.lock"))).toBe(false);
}, 120_000);

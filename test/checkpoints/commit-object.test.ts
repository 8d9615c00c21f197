// The commit a snapshot writes without git is the very object `git commit-tree` writes, and git reads it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { usesSha1, writeCommitObject } from "../../src/checkpoints/commit-object.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "agenix-commit-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function git(args: string[], input?: string, env: NodeJS.ProcessEnv = {}): string {
  return execFileSync("git", ["--git-dir", dir, ...args], {
    input,
    encoding: "utf8",
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1", ...env },
  }).trim();
}

it("writes the same object id as git commit-tree, with and without a parent, and git fsck accepts it", async () => {
  git(["init", "-q", "--bare", dir]);
  writeFileSync(path.join(dir, "file"), "hello\n");
  const blob = git(["hash-object", "-w", path.join(dir, "file")]);
  const tree = git(["mktree"], `100644 blob ${blob}\ta.txt\n`);
  const now = "2026-03-04T05:06:07.890Z";
  const message = 'agenix checkpoint: tool\n\nsession: s1\nskipped: "big file.bin"\n';
  const gitEnv = {
    GIT_AUTHOR_NAME: "agenix",
    GIT_AUTHOR_EMAIL: "checkpoints@agenix.invalid",
    GIT_COMMITTER_NAME: "agenix",
    GIT_COMMITTER_EMAIL: "checkpoints@agenix.invalid",
    GIT_AUTHOR_DATE: "@1772600767 +0000",
    GIT_COMMITTER_DATE: "@1772600767 +0000",
  };
  const first = await writeCommitObject(dir, { tree, message, now });
  expect(first).toBe(git(["commit-tree", tree, "-F", "-"], message, gitEnv));
  const second = await writeCommitObject(dir, { tree, parent: first, message, now });
  expect(second).toBe(git(["commit-tree", tree, "-p", first, "-F", "-"], message, gitEnv));
  expect(git(["rev-parse", `${second}^`])).toBe(first);
  expect(git(["cat-file", "-p", `${second}`])).toContain(message.trim());
  git(["update-ref", "refs/heads/x", second]);
  git(["fsck", "--strict", "--no-progress"]);
  // Writing it again finds it there; no temp file is left behind.
  expect(await writeCommitObject(dir, { tree, parent: first, message, now })).toBe(second);
  expect(readdirSync(path.join(dir, "objects", second.slice(0, 2)))).toEqual([second.slice(2)]);
});

it("hands SHA-256 repositories to git", async () => {
  git(["init", "-q", "--bare", "--object-format=sha256", dir]);
  expect(await usesSha1(dir)).toBe(false);
  const other = mkdtempSync(path.join(tmpdir(), "agenix-commit-"));
  try {
    execFileSync("git", ["init", "-q", "--bare", other]);
    expect(await usesSha1(other)).toBe(true);
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});

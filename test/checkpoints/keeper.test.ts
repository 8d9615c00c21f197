// The shadow repository through the keeper: real git, real files in a temp folder.
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ShadowCheckpoints } from "../../src/checkpoints/keeper.js";
import { CheckpointConflictError } from "../../src/errors.js";
import type { SessionData } from "../../src/messages/types.js";

let base: string;
let project: string;
let home: string;

function session(): SessionData {
  return {
    id: "20260101_000000_abcdef",
    working_dir: project,
    model: "m",
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    metadata: {},
    messages: [],
  };
}

function keeper(limits = { maxFileBytes: 1024 * 1024, maxFiles: 1000 }) {
  return new ShadowCheckpoints({ workingDir: project, home, env: {}, limits });
}

async function snap(k: ShadowCheckpoints, data: SessionData, trigger: "turn" | "tool", notes: string[] = []) {
  const record = await k.snapshot(data, trigger, trigger === "tool" ? "bash" : undefined, (t) =>
    notes.push(t),
  );
  if (record) data.checkpoints = [...(data.checkpoints ?? []), record];
  return record;
}

beforeEach(() => {
  base = mkdtempSync(path.join(tmpdir(), "agenix-cp-"));
  project = path.join(base, "project");
  home = path.join(base, "home");
  mkdirSync(project);
  mkdirSync(home);
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe("ShadowCheckpoints", () => {
  it("undoes a turn's deletions, creations, mode changes, symlinks and odd names, and redoes it", async () => {
    mkdirSync(path.join(project, "src/deep"), { recursive: true });
    const binary = Buffer.from([0, 1, 2, 255, 254, 0, 10, 13]);
    writeFileSync(path.join(project, "src/a.ts"), "export const a = 1;\n");
    writeFileSync(path.join(project, "src/deep/bin.dat"), binary);
    writeFileSync(path.join(project, "src/empty"), "");
    writeFileSync(path.join(project, "src/with space.txt"), "space\n");
    writeFileSync(path.join(project, "src/new\nline.txt"), "newline\n");
    symlinkSync("a.ts", path.join(project, "src/link"));
    writeFileSync(path.join(project, "tool.sh"), "#!/bin/sh\necho hi\n");
    const data = session();
    const k = keeper();
    await snap(k, data, "turn");
    data.messages.push({ role: "user", content: "go", timestamp: "2026-01-01T00:00:00Z" });
    rmSync(path.join(project, "src"), { recursive: true });
    writeFileSync(path.join(project, "new.txt"), "x\n");
    chmodSync(path.join(project, "tool.sh"), 0o755);
    const after = await snap(k, data, "tool");
    expect(after?.files_changed).toBe(8);

    const outcome = await k.undo(data, {}, () => {});
    data.checkpoints = [...(data.checkpoints ?? []), outcome.record!];
    expect(readFileSync(path.join(project, "src/a.ts"), "utf8")).toBe("export const a = 1;\n");
    expect(readFileSync(path.join(project, "src/deep/bin.dat")).equals(binary)).toBe(true);
    expect(readFileSync(path.join(project, "src/empty"), "utf8")).toBe("");
    expect(readFileSync(path.join(project, "src/with space.txt"), "utf8")).toBe("space\n");
    expect(readFileSync(path.join(project, "src/new\nline.txt"), "utf8")).toBe("newline\n");
    expect(readlinkSync(path.join(project, "src/link"))).toBe("a.ts");
    expect(existsSync(path.join(project, "new.txt"))).toBe(false);
    expect(statSync(path.join(project, "tool.sh")).mode & 0o111).toBe(0);
    expect(outcome.changes.map((c) => `${c.action} ${c.path}`).sort()).toContain("removed new.txt");
    expect(outcome.changes.map((c) => `${c.action} ${c.path}`).sort()).toContain("recreated src/a.ts");
    expect(outcome.changes.map((c) => `${c.action} ${c.path}`).sort()).toContain("restored tool.sh");

    const redo = await k.redo(data, {}, () => {});
    data.checkpoints = [...(data.checkpoints ?? []), redo.record!];
    expect(existsSync(path.join(project, "src"))).toBe(false);
    expect(readFileSync(path.join(project, "new.txt"), "utf8")).toBe("x\n");
    expect(statSync(path.join(project, "tool.sh")).mode & 0o111).not.toBe(0);
  });

  it("refuses to overwrite a file changed after the checkpoint unless forced", async () => {
    writeFileSync(path.join(project, "notes.md"), "one\n");
    const data = session();
    const k = keeper();
    await snap(k, data, "turn");
    writeFileSync(path.join(project, "notes.md"), "two\n");
    await snap(k, data, "tool");
    writeFileSync(path.join(project, "notes.md"), "edited by the user\n");
    const error = await k.undo(data, {}, () => {}).catch((e) => e);
    expect(error).toBeInstanceOf(CheckpointConflictError);
    expect((error as CheckpointConflictError).files).toEqual(["notes.md"]);
    expect(readFileSync(path.join(project, "notes.md"), "utf8")).toBe("edited by the user\n");
    const forced = await k.undo(data, { force: true }, () => {});
    expect(forced.record).toBeDefined();
    expect(readFileSync(path.join(project, "notes.md"), "utf8")).toBe("one\n");
  });

  it("overwrite: only the files the user agreed to; another changed file still refuses", async () => {
    writeFileSync(path.join(project, "a.md"), "a1\n");
    writeFileSync(path.join(project, "b.md"), "b1\n");
    const data = session();
    const k = keeper();
    await snap(k, data, "turn");
    writeFileSync(path.join(project, "a.md"), "a2\n");
    writeFileSync(path.join(project, "b.md"), "b2\n");
    await snap(k, data, "tool");
    writeFileSync(path.join(project, "a.md"), "a by the user\n");
    writeFileSync(path.join(project, "b.md"), "b by the user\n");
    const error = await k.undo(data, { overwrite: ["a.md"] }, () => {}).catch((e) => e);
    expect((error as CheckpointConflictError).files).toEqual(["b.md"]);
    expect(readFileSync(path.join(project, "a.md"), "utf8")).toBe("a by the user\n");
    const done = await k.undo(data, { overwrite: ["a.md", "b.md"] }, () => {});
    expect(done.changes.map((c) => c.path).sort()).toEqual(["a.md", "b.md"]);
    expect(readFileSync(path.join(project, "b.md"), "utf8")).toBe("b1\n");
  });

  it("a file that became a folder and a folder that became a file are snapshotted and undone", async () => {
    writeFileSync(path.join(project, "thing"), "a file\n");
    mkdirSync(path.join(project, "box/inner"), { recursive: true });
    writeFileSync(path.join(project, "box/inner/a.txt"), "a\n");
    writeFileSync(path.join(project, "box/b.txt"), "b\n");
    const data = session();
    const k = keeper();
    await snap(k, data, "turn");
    rmSync(path.join(project, "thing"));
    mkdirSync(path.join(project, "thing/sub"), { recursive: true });
    writeFileSync(path.join(project, "thing/sub/x.txt"), "x\n");
    rmSync(path.join(project, "box"), { recursive: true });
    writeFileSync(path.join(project, "box"), "now a file\n");
    const after = await snap(k, data, "tool");
    expect(after?.files_changed).toBe(5);
    const tree = execFileSync(
      "git",
      ["--git-dir", k.target.gitDir, "ls-tree", "-r", "--name-only", after!.commit],
      {
        encoding: "utf8",
      },
    );
    expect(tree.split("\n").filter(Boolean).sort()).toEqual(["box", "thing/sub/x.txt"]);
    const undone = await k.undo(data, {}, () => {});
    data.checkpoints = [...(data.checkpoints ?? []), undone.record!];
    expect(readFileSync(path.join(project, "thing"), "utf8")).toBe("a file\n");
    expect(readFileSync(path.join(project, "box/inner/a.txt"), "utf8")).toBe("a\n");
    expect(readFileSync(path.join(project, "box/b.txt"), "utf8")).toBe("b\n");
    await k.redo(data, {}, () => {});
    expect(readFileSync(path.join(project, "thing/sub/x.txt"), "utf8")).toBe("x\n");
    expect(readFileSync(path.join(project, "box"), "utf8")).toBe("now a file\n");
  });

  it("leaves files over the size limit alone and names them once", async () => {
    writeFileSync(path.join(project, "small.txt"), "s\n");
    const data = session();
    const k = keeper({ maxFileBytes: 100, maxFiles: 1000 });
    const notes: string[] = [];
    await snap(k, data, "turn", notes);
    writeFileSync(path.join(project, "big.bin"), Buffer.alloc(500, 1));
    await snap(k, data, "tool", notes);
    await snap(k, data, "tool", notes);
    expect(notes.filter((n) => n.includes("big.bin"))).toHaveLength(1);
    // The limit as set (100 bytes), not rounded to "0 MB".
    expect(notes.find((n) => n.includes("big.bin"))).toContain("over 100 bytes (checkpoints.maxFileBytes)");
    const outcome = await k.undo(data, {}, () => {});
    expect(existsSync(path.join(project, "big.bin"))).toBe(true);
    expect(outcome.changes).toEqual([]);
    data.checkpoints = [...(data.checkpoints ?? []), outcome.record!];
    // Big before the turn, small after it: undo does not delete what it never had a copy of.
    data.messages.push({ role: "user", content: "next", timestamp: "2026-01-01T00:00:00Z" });
    await snap(k, data, "turn", notes);
    writeFileSync(path.join(project, "big.bin"), "small now\n");
    await snap(k, data, "tool", notes);
    const second = await k.undo(data, {}, () => {});
    expect(second.changes).toEqual([]);
    expect(readFileSync(path.join(project, "big.bin"), "utf8")).toBe("small now\n");
  });

  it("never writes the project's .git, and honours .gitignore and info/exclude", async () => {
    const run = (...args: string[]) => execFileSync("git", args, { cwd: project, encoding: "utf8" });
    run("init", "-q");
    writeFileSync(path.join(project, ".gitignore"), "build/\n");
    writeFileSync(path.join(project, ".git/info/exclude"), "secret.txt\n");
    writeFileSync(path.join(project, "a.txt"), "a\n");
    mkdirSync(path.join(project, "build"));
    writeFileSync(path.join(project, "build/out.js"), "out\n");
    writeFileSync(path.join(project, "secret.txt"), "s\n");
    run("add", "a.txt");
    run("stash", "list");
    const index = readFileSync(path.join(project, ".git/index"));
    const status = run("status", "--porcelain");
    const data = session();
    const k = keeper();
    await snap(k, data, "turn");
    writeFileSync(path.join(project, "a.txt"), "changed\n");
    rmSync(path.join(project, "build/out.js"));
    rmSync(path.join(project, "secret.txt"));
    await snap(k, data, "tool");
    await k.undo(data, {}, () => {});
    expect(readFileSync(path.join(project, "a.txt"), "utf8")).toBe("a\n");
    // Ignored files were never snapshotted, so undo cannot bring them back.
    expect(existsSync(path.join(project, "build/out.js"))).toBe(false);
    expect(existsSync(path.join(project, "secret.txt"))).toBe(false);
    expect(readFileSync(path.join(project, ".git/index")).equals(index)).toBe(true);
    writeFileSync(path.join(project, "secret.txt"), "s\n");
    mkdirSync(path.join(project, "build"), { recursive: true });
    writeFileSync(path.join(project, "build/out.js"), "out\n");
    expect(run("status", "--porcelain")).toBe(status);
    expect(run("stash", "list")).toBe("");
    expect(lstatSync(path.join(project, ".git")).isDirectory()).toBe(true);
  });
});

describe("forgetCheckpoints", () => {
  it("drops a deleted session's reference and, past the size limit, its objects (git gc --prune)", async () => {
    const { forgetCheckpoints } = await import("../../src/checkpoints/maintenance.js");
    writeFileSync(path.join(project, "a.txt"), "keep\n");
    const data = session();
    const k = keeper();
    await snap(k, data, "turn");
    writeFileSync(path.join(project, "gone.txt"), "only in the deleted session\n");
    const record = await snap(k, data, "tool");
    const repo = k.target.gitDir;
    const has = (object: string) => {
      try {
        execFileSync("git", ["--git-dir", repo, "cat-file", "-e", object], { stdio: "ignore" });
        return true;
      } catch {
        return false;
      }
    };
    expect(has(record!.commit)).toBe(true);
    // Under the limit: the reference goes, the objects stay until the repository grows.
    expect(await forgetCheckpoints(project, [data.id], home, {}, 1024 * 1024 * 1024)).toBe(false);
    expect(execFileSync("git", ["--git-dir", repo, "for-each-ref"], { encoding: "utf8" })).toBe("");
    expect(has(record!.commit)).toBe(true);
    expect(await forgetCheckpoints(project, [data.id], home, {}, 0)).toBe(true);
    expect(has(record!.commit)).toBe(false);
  });
});

// The project repository's ignore rules above the working directory: rewritten for it, and a
// snapshot in a subfolder leaves out exactly what git itself ignores there.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rebaseIgnoreLine } from "../../src/checkpoints/ignore-rules.js";
import { ShadowCheckpoints } from "../../src/checkpoints/keeper.js";
import type { SessionData } from "../../src/messages/types.js";

describe("rebaseIgnoreLine", () => {
  const sub = ["sub"];
  it("keeps name patterns, rewrites anchored ones, drops what cannot apply below", () => {
    expect(rebaseIgnoreLine("*.log", sub)).toEqual(["*.log"]);
    expect(rebaseIgnoreLine("build/", sub)).toEqual(["build/"]);
    expect(rebaseIgnoreLine("!keep.log", sub)).toEqual(["!keep.log"]);
    expect(rebaseIgnoreLine("/sub/out", sub)).toEqual(["/out"]);
    expect(rebaseIgnoreLine("sub/tmp/", sub)).toEqual(["/tmp/"]);
    expect(rebaseIgnoreLine("/other/out", sub)).toEqual([]);
    expect(rebaseIgnoreLine("/top.txt", sub)).toEqual([]);
    expect(rebaseIgnoreLine("s?b/x", sub)).toEqual(["/x"]);
    expect(rebaseIgnoreLine("[rs]ub/y", sub)).toEqual(["/y"]);
    expect(rebaseIgnoreLine("[!s]ub/y", sub)).toEqual([]);
    expect(rebaseIgnoreLine("**/gen", sub)).toEqual(["/**/gen"]);
    expect(rebaseIgnoreLine("a/**/z", ["a", "b", "c"])).toEqual(["/**/z"]);
    expect(rebaseIgnoreLine("**/sub/x", sub)).toEqual(["/x", "/**/sub/x"]);
    expect(rebaseIgnoreLine("trailing   ", sub)).toEqual(["trailing"]);
    expect(rebaseIgnoreLine("/sub/a b.txt", sub)).toEqual(["/a b.txt"]);
    expect(rebaseIgnoreLine("pkg/*/dist", ["pkg", "web"])).toEqual(["/dist"]);
  });

  it("never ignores the working directory itself or everything in it; comments give nothing", () => {
    expect(rebaseIgnoreLine("/sub", sub)).toEqual([]);
    expect(rebaseIgnoreLine("sub/", sub)).toEqual(["sub/"]); // a name: only folders named sub below
    expect(rebaseIgnoreLine("sub/**", sub)).toEqual([]);
    expect(rebaseIgnoreLine("# comment", sub)).toEqual([]);
    expect(rebaseIgnoreLine("   ", sub)).toEqual([]);
  });
});

describe("a snapshot in a subfolder of a repository", () => {
  let base: string;
  /** A keeper for `work` (its shadow repository under base/home) and an empty session there. */
  const keeperIn = (work: string) => {
    const keeper = new ShadowCheckpoints({
      workingDir: work,
      home: path.join(base, "home"),
      env: {},
      limits: { maxFileBytes: 1024 * 1024, maxFiles: 1000 },
    });
    const data: SessionData = {
      id: "s",
      working_dir: work,
      model: "m",
      created_at: "",
      updated_at: "",
      metadata: {},
      messages: [],
    };
    return { keeper, data };
  };
  beforeEach(() => {
    base = realpathSync(mkdtempSync(path.join(tmpdir(), "agenix-ign-")));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it("leaves out exactly the files git ignores there (parent .gitignore files, info/exclude)", async () => {
    const repo = path.join(base, "repo");
    const work = path.join(repo, "pkg", "web");
    const files = [
      "index.ts",
      "debug.log",
      "keep.log",
      "dist/bundle.js",
      "src/dist/nested.js",
      "cache/x.bin",
      "src/cache/y.bin",
      "secret.txt",
      "private.txt",
      "src/private.txt",
      "gen/out.ts",
      "src/gen/out.ts",
      "notes/a b.md",
      "tmp1/x",
      "tmpx/y",
      ".env",
    ];
    for (const file of files) {
      mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
      writeFileSync(path.join(work, file), `${file}\n`);
    }
    execFileSync("git", ["init", "-q"], { cwd: repo });
    writeFileSync(path.join(repo, ".gitignore"), "*.log\n/pkg/*/dist/\n**/gen/\ntmp[0-9]/\n/pkg/web/.env\n");
    writeFileSync(path.join(repo, "pkg", ".gitignore"), "web/cache/\n!keep.log\n");
    writeFileSync(path.join(repo, ".git", "info", "exclude"), "secret.txt\n/pkg/web/private.txt\n/web/x\n");
    const { keeper, data } = keeperIn(work);
    const record = await keeper.snapshot(data, "turn", undefined, () => {});
    const snapshot = execFileSync(
      "git",
      ["--git-dir", keeper.target.gitDir, "ls-tree", "-r", "-z", "--name-only", record!.commit],
      {
        encoding: "utf8",
      },
    )
      .split("\0")
      .filter(Boolean)
      .sort();
    // What git itself lists as not ignored in that folder (the user's global excludes left out).
    const byGit = execFileSync(
      "git",
      ["-c", "core.excludesFile=/dev/null", "ls-files", "-z", "-o", "--exclude-standard"],
      {
        cwd: work,
        encoding: "utf8",
      },
    )
      .split("\0")
      .filter(Boolean)
      .sort();
    expect(snapshot).toEqual(byGit);
    expect(snapshot).toEqual([
      "index.ts",
      "keep.log",
      "notes/a b.md",
      "src/cache/y.bin",
      "src/dist/nested.js", // /pkg/*/dist/ is anchored: only web/dist
      "src/private.txt",
      "tmpx/y",
    ]);
  });

  it("says once when the repository's rules above ignore every file here (a home-folder repository with *)", async () => {
    const repo = path.join(base, "home-repo");
    const work = path.join(repo, "projects", "app");
    mkdirSync(work, { recursive: true });
    writeFileSync(path.join(work, "main.ts"), "x\n");
    execFileSync("git", ["init", "-q"], { cwd: repo });
    writeFileSync(path.join(repo, ".gitignore"), "*\n!.gitignore\n");
    const { keeper, data } = keeperIn(work);
    const notes: string[] = [];
    await keeper.snapshot(data, "turn", undefined, (t) => notes.push(t));
    await keeper.snapshot(data, "turn", undefined, (t) => notes.push(t));
    expect(notes).toEqual([
      `Checkpoints: no file in ${work} is snapshotted: it is empty, or the ignore rules of the repository at ${repo} ignore everything in it (as git status there shows).`,
    ]);
  });
});

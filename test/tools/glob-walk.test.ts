// glob's walk is bounded: links are not followed, ignored folders are not entered, and a huge tree
// is cut after a number of entries or seconds with a note saying so (at `/` it used to run for
// minutes and die out of memory).
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { globTool, makeGlobTool } from "../../src/tools/glob.js";
import { ctxFor, tempDir, writeFiles } from "./helpers.js";

function manyFiles(dir: string, count: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(path.join(dir, `f${i}.txt`), "");
}

describe("glob walk", () => {
  it("never follows a symbolic link (out of the root, or round a cycle); like rg --files it skips links", async () => {
    const outside = tempDir();
    writeFiles(outside, { "secret/key.ts": "x", "deep/a/b.ts": "y" });
    const dir = tempDir();
    writeFiles(dir, { "src/a.ts": "" });
    symlinkSync(outside, path.join(dir, "escape"));
    symlinkSync(dir, path.join(dir, "src", "loop")); // a cycle would otherwise be walked again and again
    const out = await globTool.run({ pattern: "**/*.ts" }, ctxFor(dir));
    expect(out.content).toBe("src/a.ts");
    const links = await globTool.run({ pattern: "**/*" }, ctxFor(dir));
    expect(links.content).toBe("src/a.ts");
  });

  it("does not enter ignored folders, so their size does not count against the budget", async () => {
    const dir = tempDir();
    writeFiles(dir, { ".gitignore": "build/\n", "src/main.c": "" });
    manyFiles(path.join(dir, "build"), 300);
    const small = makeGlobTool({ maxEntries: 50, maxMs: 60_000 });
    const out = await small.run({ pattern: "**/*" }, ctxFor(dir));
    expect(out.content.split("\n").sort()).toEqual([".gitignore", "src/main.c"]);
  });

  it("stops after the entry budget and says the result is incomplete", async () => {
    const dir = tempDir();
    manyFiles(path.join(dir, "a"), 40);
    manyFiles(path.join(dir, "b"), 40);
    const small = makeGlobTool({ maxEntries: 50, maxMs: 60_000 });
    const out = await small.run({ pattern: "**/*.txt" }, ctxFor(dir));
    expect(out.isError).toBe(false);
    expect(out.content).toMatch(
      /\n\(search stopped after 50 entries: the tree is too large, so results are incomplete; search a subfolder or use a narrower pattern\)$/,
    );
    expect(out.summary).toMatch(/^\d+\+ files$/);
    const none = await makeGlobTool({ maxEntries: 1000, maxMs: 0 }).run({ pattern: "**/*.txt" }, ctxFor(dir));
    expect(none.content).toContain("No files match **/*.txt\n(search stopped after 0s:");
  });

  it("ends at / instead of walking the whole machine", async () => {
    const bounded = makeGlobTool({ maxEntries: 20_000, maxMs: 60_000 });
    const out = await bounded.run({ pattern: "**/*.no-such-extension", path: "/" }, ctxFor(tempDir()));
    expect(out.content).toContain("(search stopped after 20000 entries");
  });
});

import { describe, expect, it } from "vitest";
import { globTool } from "../../src/tools/glob.js";
import { grepTool } from "../../src/tools/grep.js";
import { ctxFor, tempDir, writeFiles } from "./helpers.js";

function project() {
  const dir = tempDir();
  writeFiles(dir, {
    ".gitignore": "dist/\n*.log\n",
    "src/a.ts": "const needle = 1;\nconst other = 2;\n",
    "src/b.ts": "// Needle in caps\nexport {};\n",
    "src/nested/.gitignore": "generated.ts\n",
    "src/nested/generated.ts": "const needle = 3;\n",
    "src/nested/kept.ts": "const needle = 4;\n",
    "dist/a.js": "const needle = 1;\n",
    "debug.log": "needle in a log\n",
    "node_modules/pkg/index.js": "needle\n",
    "README.md": "no match here\n",
  });
  return dir;
}

describe("grep", () => {
  it("finds matches as path:line:text relative to the working dir, honouring .gitignore", async () => {
    const out = await grepTool.run({ pattern: "needle" }, ctxFor(project()));
    expect(out.isError).toBe(false);
    expect(out.content.split("\n")).toEqual(
      expect.arrayContaining(["src/a.ts:1:const needle = 1;", "src/nested/kept.ts:1:const needle = 4;"]),
    );
    expect(out.content).not.toContain("dist/");
    expect(out.content).not.toContain("debug.log");
    expect(out.content).not.toContain("generated.ts");
    expect(out.content).not.toContain("src/b.ts");
  });

  it("ignores case, filters by glob and path", async () => {
    const dir = project();
    const caseless = await grepTool.run({ pattern: "needle", ignore_case: true, glob: "b.ts" }, ctxFor(dir));
    expect(caseless.content).toBe("src/b.ts:1:// Needle in caps");
    const scoped = await grepTool.run({ pattern: "needle", path: "src/nested" }, ctxFor(dir));
    expect(scoped.content).toBe("src/nested/kept.ts:1:const needle = 4;");
  });

  it("shows context lines and separates groups", async () => {
    const dir = tempDir();
    writeFiles(dir, { "f.txt": "a\nhit\nb\nc\nd\ne\nhit\nf\n" });
    const out = await grepTool.run({ pattern: "hit", context: 1 }, ctxFor(dir));
    expect(out.content).toBe("f.txt-1-a\nf.txt:2:hit\nf.txt-3-b\n--\nf.txt-6-e\nf.txt:7:hit\nf.txt-8-f");
    expect(out.summary).toBe("2 matches");
  });

  it("caps results at max_results and counts the rest", async () => {
    const dir = tempDir();
    writeFiles(dir, { "many.txt": "x\n".repeat(30) });
    const out = await grepTool.run({ pattern: "x", max_results: 5 }, ctxFor(dir));
    const lines = out.content.split("\n");
    expect(lines.slice(0, 5)).toEqual([1, 2, 3, 4, 5].map((n) => `many.txt:${n}:x`));
    expect(lines[5]).toMatch(/^\.\.\. 25 more matches/);
    expect(out.summary).toBe("30 matches");
  });

  it("reports no matches plainly and invalid regexes as errors with rg's message", async () => {
    const dir = project();
    const none = await grepTool.run({ pattern: "zebra" }, ctxFor(dir));
    expect(none).toEqual({ content: "No matches for zebra", isError: false, summary: "0 matches" });
    const bad = await grepTool.run({ pattern: "(unclosed" }, ctxFor(dir));
    expect(bad.isError).toBe(true);
    expect(bad.content).toContain("regex parse error");
  });
});

describe("glob", () => {
  it("lists matching files newest first, relative to the working dir, honouring .gitignore", async () => {
    const dir = tempDir();
    writeFiles(dir, { ".gitignore": "dist/\n", "src/nested/.gitignore": "gen.ts\n" });
    writeFiles(dir, { "src/old.ts": "", "dist/x.ts": "", "src/nested/gen.ts": "" }, 1_000_000);
    writeFiles(dir, { "src/new.ts": "" }, 3_000_000);
    writeFiles(dir, { "src/nested/mid.ts": "", "node_modules/p/i.ts": "" }, 2_000_000);
    const out = await globTool.run({ pattern: "**/*.ts" }, ctxFor(dir));
    expect(out.content).toBe("src/new.ts\nsrc/nested/mid.ts\nsrc/old.ts");
    expect(out.summary).toBe("3 files");
  });

  it("searches under path and includes node_modules when the pattern names it", async () => {
    const dir = tempDir();
    writeFiles(dir, { "src/a.ts": "", "lib/b.ts": "", "node_modules/p/i.js": "" });
    expect((await globTool.run({ pattern: "*.ts", path: "src" }, ctxFor(dir))).content).toBe("src/a.ts");
    expect((await globTool.run({ pattern: "node_modules/**/*.js" }, ctxFor(dir))).content).toBe(
      "node_modules/p/i.js",
    );
  });

  it("caps at 100 with a count of the rest, and says when nothing matches", async () => {
    const dir = tempDir();
    writeFiles(dir, Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`f${i}.txt`, ""])));
    const out = await globTool.run({ pattern: "*.txt" }, ctxFor(dir));
    const lines = out.content.split("\n");
    expect(lines).toHaveLength(101);
    expect(lines[100]).toBe("... and 30 more");
    const none = await globTool.run({ pattern: "*.rs" }, ctxFor(dir));
    expect(none).toEqual({ content: "No files match *.rs", isError: false, summary: "0 files" });
  });

  it("refuses a search path that is not a directory", async () => {
    const out = await globTool.run({ pattern: "*", path: "nope" }, ctxFor(tempDir()));
    expect(out).toMatchObject({
      isError: true,
      content: "Error: nope is not a directory; give a folder to search in.",
    });
  });
});

describe("abort", () => {
  it("stops grep and glob when the signal aborts mid-run", async () => {
    const dir = tempDir();
    writeFiles(
      dir,
      Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`d${i % 10}/f${i}.txt`, "needle\n"])),
    );
    for (const [tool, args] of [
      [grepTool, { pattern: "needle" }],
      [globTool, { pattern: "**/*.txt" }],
    ] as const) {
      const controller = new AbortController();
      const running = tool.run(args, ctxFor(dir, controller.signal));
      controller.abort();
      const out = await running;
      expect(out.isError).toBe(true);
      expect(out.content).toBe(`Error: ${tool.name} was interrupted.`);
    }
  });
});

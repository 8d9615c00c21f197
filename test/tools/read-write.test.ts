import { execFileSync } from "node:child_process";
import { getEventListeners } from "node:events";
import { chmodSync, readdirSync, readFileSync, statSync, symlinkSync, watch, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readTool } from "../../src/tools/read.js";
import { writeTool } from "../../src/tools/write.js";
import { ctxFor, tempDir, writeFiles } from "./helpers.js";

const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join("\n");

describe("read", () => {
  it("numbers lines like cat -n", async () => {
    const dir = tempDir();
    writeFiles(dir, { "a.txt": "alpha\nbeta\n" });
    const out = await readTool.run({ file_path: "a.txt" }, ctxFor(dir));
    expect(out).toEqual({ content: "     1\talpha\n     2\tbeta", isError: false, summary: "2 lines" });
  });

  it("pages with a 1-based offset and limit and says how to read more", async () => {
    const dir = tempDir();
    writeFiles(dir, { "a.txt": numbered(10) });
    const out = await readTool.run({ file_path: "a.txt", offset: 4, limit: 3 }, ctxFor(dir));
    expect(out.content).toBe(
      "     4\tline 4\n     5\tline 5\n     6\tline 6\n... 4 more lines; use offset=7 to read more",
    );
    expect(out.summary).toBe("3 lines");
  });

  it("reads 2000 lines by default", async () => {
    const dir = tempDir();
    writeFiles(dir, { "big.txt": "x\n".repeat(2500) });
    const out = await readTool.run({ file_path: "big.txt" }, ctxFor(dir));
    expect(out.content).toMatch(/\n {2}2000\tx\n\.\.\. 500 more lines; use offset=2001 to read more$/);
    expect(out.summary).toBe("2000 lines");
  });

  it("ends a page early rather than exceed the output cap, and says where to go on", async () => {
    const dir = tempDir();
    writeFiles(dir, { "big.txt": numbered(2500) });
    const out = await readTool.run({ file_path: "big.txt" }, ctxFor(dir));
    expect(out.content.length).toBeLessThanOrEqual(30_000);
    const shown = Number(out.summary.split(" ")[0]);
    expect(shown).toBeLessThan(2000);
    expect(out.content).toContain(`... ${2500 - shown} more lines; use offset=${shown + 1} to read more`);
  });

  it("cuts very long lines and stops the page before the output cap", async () => {
    const dir = tempDir();
    writeFiles(dir, { "long.txt": `${"x".repeat(5000)}\n`.repeat(100) });
    const out = await readTool.run({ file_path: "long.txt" }, ctxFor(dir));
    expect(out.content).toContain("[line truncated: 3000 more chars]");
    expect(out.content).not.toContain("chars truncated] ..."); // the generic cut never had to step in
    expect(out.content).toMatch(/more lines; use offset=\d+ to read more$/);
  });

  it("refuses binary files, directories and offsets past the end", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "bin.dat"), Buffer.from([0x89, 0x50, 0x00, 0x01, 0x02]));
    writeFiles(dir, { "sub/x.txt": "1\n2\n" });
    const bin = await readTool.run({ file_path: "bin.dat" }, ctxFor(dir));
    expect(bin).toMatchObject({
      isError: true,
      content: "Error: bin.dat is a binary file (5 bytes); read only shows text files.",
    });
    const folder = await readTool.run({ file_path: "sub" }, ctxFor(dir));
    expect(folder.isError).toBe(true);
    expect(folder.content).toContain("sub is a directory");
    const past = await readTool.run({ file_path: "sub/x.txt", offset: 5 }, ctxFor(dir));
    expect(past.content).toBe("Error: sub/x.txt has 2 lines; offset 5 is past the end.");
  });

  it("reports a missing file and suggests similar names", async () => {
    const dir = tempDir();
    writeFiles(dir, { "config.json": "{}" });
    const out = await readTool.run({ file_path: "config.yaml" }, ctxFor(dir));
    expect(out).toMatchObject({ isError: true });
    expect(out.content).toBe("Error: File not found: config.yaml. Did you mean: config.json?");
  });

  it("suggests names a few typos away (edit distance), closest first, not unrelated ones", async () => {
    const dir = tempDir();
    writeFiles(dir, { "READEM.md": "", "packge.json": "", "readme.txt": "", "other.md": "" });
    const typo = await readTool.run({ file_path: "README.md" }, ctxFor(dir));
    expect(typo.content).toBe("Error: File not found: README.md. Did you mean: READEM.md, readme.txt?");
    const pkg = await readTool.run({ file_path: "package.json" }, ctxFor(dir));
    expect(pkg.content).toBe("Error: File not found: package.json. Did you mean: packge.json?");
    const none = await readTool.run({ file_path: "zzzzzz.rs" }, ctxFor(dir));
    expect(none.content).toBe("Error: File not found: zzzzzz.rs");
  });

  it("leaves no abort listener behind on the run's shared signal", async () => {
    const dir = tempDir();
    writeFiles(dir, { "a.txt": "one\ntwo\n" });
    const controller = new AbortController();
    for (let i = 0; i < 12; i++) {
      const result = await readTool.run({ file_path: "a.txt" }, ctxFor(dir, controller.signal));
      expect(result.isError).toBe(false);
    }
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("resolves relative paths against the working directory, not process.cwd()", async () => {
    const dir = tempDir();
    writeFiles(dir, { "package.json": "not the repo's package.json\n" });
    expect(process.cwd()).not.toBe(dir);
    const out = await readTool.run({ file_path: "package.json" }, ctxFor(dir));
    expect(out.content).toBe("     1\tnot the repo's package.json");
  });
});

describe("write", () => {
  it("creates parent folders and reports the lines written", async () => {
    const dir = tempDir();
    const out = await writeTool.run({ file_path: "deep/er/new.txt", content: "a\nb\nc\n" }, ctxFor(dir));
    expect(out).toEqual({ content: "Wrote 3 lines to deep/er/new.txt", isError: false, summary: "3 lines" });
    expect(readFileSync(path.join(dir, "deep/er/new.txt"), "utf8")).toBe("a\nb\nc\n");
  });

  it("overwrites existing files and shows absolute paths outside the working directory", async () => {
    const dir = tempDir();
    const other = tempDir();
    const target = path.join(other, "x.txt");
    writeFiles(other, { "x.txt": "old" });
    const out = await writeTool.run({ file_path: target, content: "new" }, ctxFor(dir));
    expect(out.content).toBe(
      `Wrote 1 line to ${target}\n--- ${target}\n+++ ${target}\n@@ -1,1 +1,1 @@\n-old\n\\ No newline at end of file\n+new\n\\ No newline at end of file`,
    );
    expect(out.summary).toBe("+1 -1");
    expect(readFileSync(target, "utf8")).toBe("new");
  });

  it("refuses to replace a directory", async () => {
    const dir = tempDir();
    writeFiles(dir, { "sub/a.txt": "" });
    const out = await writeTool.run({ file_path: "sub", content: "x" }, ctxFor(dir));
    expect(out).toMatchObject({
      isError: true,
      content: "Error: sub is a directory; give a file path to write.",
    });
  });

  it("an interrupt during the write never leaves the file half written", async () => {
    const dir = tempDir();
    const original = "precious original content\n";
    writeFiles(dir, { "big.txt": original });
    const content = "x".repeat(16 * 1024 * 1024);
    const controller = new AbortController();
    // Abort the moment the tool starts writing anything in the folder (the user pressing Esc).
    const watcher = watch(dir, () => controller.abort());
    try {
      await writeTool.run({ file_path: "big.txt", content }, ctxFor(dir, controller.signal));
    } finally {
      watcher.close();
    }
    expect(controller.signal.aborted).toBe(true);
    const after = readFileSync(path.join(dir, "big.txt"), "utf8");
    expect(after === original || after === content).toBe(true);
    expect(readdirSync(dir)).toEqual(["big.txt"]);
  });

  it("keeps the mode of the file it replaces and writes through a symlink to its target", async () => {
    const dir = tempDir();
    writeFiles(dir, { "run.sh": "echo old\n" });
    chmodSync(path.join(dir, "run.sh"), 0o750);
    symlinkSync("run.sh", path.join(dir, "link.sh"));
    const out = await writeTool.run({ file_path: "link.sh", content: "echo new\n" }, ctxFor(dir));
    expect(out.isError).toBe(false);
    expect(readFileSync(path.join(dir, "run.sh"), "utf8")).toBe("echo new\n");
    expect(statSync(path.join(dir, "run.sh")).mode & 0o777).toBe(0o750);
    expect(readdirSync(dir).sort()).toEqual(["link.sh", "run.sh"]);
  });

  it("refuses a named pipe instead of blocking forever", async () => {
    const dir = tempDir();
    execFileSync("mkfifo", [path.join(dir, "pipe")]);
    const out = await writeTool.run({ file_path: "pipe", content: "x" }, ctxFor(dir));
    expect(out.isError).toBe(true);
    expect(out.content).toBe(
      "Error: pipe is a named pipe (FIFO), not a regular file; the file tools only work on regular files " +
        "(reading or writing it could block forever). Use bash if you really mean to.",
    );
  });
});

// Files that used to crash or hang the tools: one line longer than a JS string can hold, and special
// files (a device that never ends, a named pipe that blocks).
import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grepTool } from "../../src/tools/grep.js";
import { readTool } from "../../src/tools/read.js";
import { ctxFor, tempDir } from "./helpers.js";

// V8's longest string is 2^29 - 24 characters (~536 M): a 600 MB line cannot be one string.
const HUGE_LINE_BYTES = 600 * 1024 * 1024;
let dir: string;
let xs = 0;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "agenix-huge-"));
  const fd = openSync(path.join(dir, "one-line.txt"), "w");
  try {
    writeSync(fd, "first line\nneedle ");
    const block = Buffer.alloc(16 * 1024 * 1024, "x");
    for (let written = 0; written < HUGE_LINE_BYTES; written += block.length) {
      writeSync(fd, block);
      xs += block.length;
    }
    writeSync(fd, " needle end\nlast line needle\n");
  } finally {
    closeSync(fd);
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a file with one enormous line", () => {
  it("read cuts the line instead of crashing", async () => {
    const out = await readTool.run({ file_path: "one-line.txt" }, ctxFor(dir));
    expect(out.isError).toBe(false);
    const lines = out.content.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe("     1\tfirst line");
    expect(lines[1]).toMatch(/^ {5}2\tneedle x{1993}\.\.\. \[line truncated: \d+ more chars\]$/);
    expect(Number(/(\d+) more chars/.exec(lines[1]!)?.[1])).toBe(7 + xs + 11 - 2000);
    expect(lines[2]).toBe("     3\tlast line needle");
  });

  it("grep cuts the line instead of crashing", async () => {
    const out = await grepTool.run({ pattern: "needle", path: "one-line.txt" }, ctxFor(dir));
    expect(out.isError).toBe(false);
    const lines = out.content.split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^one-line\.txt:2:needle x+\.\.\. \[line truncated\]$/);
    expect(lines[0]!.length).toBeLessThan(600);
    expect(lines[1]).toBe("one-line.txt:3:last line needle");
  });
});

describe("special files", () => {
  it("grep refuses a device that never ends", async () => {
    const out = await grepTool.run({ pattern: "x", path: "/dev/zero" }, ctxFor(tempDir()));
    expect(out.isError).toBe(true);
    expect(out.content).toContain("/dev/zero is a character device, not a regular file");
  });

  it("read refuses a named pipe instead of blocking", async () => {
    const work = tempDir();
    execFileSync("mkfifo", [path.join(work, "fifo")]);
    const out = await readTool.run({ file_path: "fifo" }, ctxFor(work));
    expect(out.isError).toBe(true);
    expect(out.content).toContain("fifo is a named pipe (FIFO), not a regular file");
  });
});

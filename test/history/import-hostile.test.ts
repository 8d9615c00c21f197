// Importing hostile or huge transcripts: lines are read from the file a chunk at a time (a line
// across chunk boundaries, a line too long to read, no final newline), a line nested 100,000 deep
// is skipped and counted, and a FIFO is refused instead of read forever.
import { execFileSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { parseJsonLines } from "../../src/history/import/build.js";
import { fileLines } from "../../src/history/import/file-lines.js";
import { importTranscripts } from "../../src/history/import/run.js";
import { SessionManager } from "../../src/sessions/manager.js";

let dir: string;
beforeEach(() => {
  dir = realpathSync(mkdtempSync(path.join(tmpdir(), "agenix-import-hostile-")));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("reading transcript lines from the file", () => {
  it("splits lines across chunk boundaries, keeps UTF-8 intact and yields null for a line too long", () => {
    const file = path.join(dir, "t.jsonl");
    const long = "x".repeat(100);
    writeFileSync(file, `{"a":"ünïcødé 🚀"}\n\n${long}\n{"b":2}\n{"c":3}`);
    expect([...fileLines(file, { chunkBytes: 7, maxLineBytes: 50 })]).toEqual([
      '{"a":"ünïcødé 🚀"}',
      "",
      null,
      '{"b":2}',
      '{"c":3}',
    ]);
    expect(parseJsonLines(fileLines(file, { chunkBytes: 7, maxLineBytes: 50 }))).toEqual({
      items: [{ a: "ünïcødé 🚀" }, { b: 2 }, { c: 3 }],
      bad: 1,
    });
  });

  it("a line nested 100,000 deep is counted as bad, not parsed", () => {
    const deep = `{"x":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    expect(parseJsonLines(`{"ok":1}\n${deep}\n{"ok":2}\n`)).toEqual({
      items: [{ ok: 1 }, { ok: 2 }],
      bad: 1,
    });
  });
});

describe("importing", () => {
  it("a FIFO is refused with a clear error (never read)", async () => {
    const fifo = path.join(dir, "t.jsonl");
    execFileSync("mkfifo", [fifo]);
    const manager = new SessionManager({ dir: path.join(dir, "sessions") });
    const importing = importTranscripts(manager, fifo, { from: "claude-code", fallbackDir: dir });
    await expect(importing).rejects.toBeInstanceOf(UsageError);
    await expect(importTranscripts(manager, fifo, { from: "claude-code", fallbackDir: dir })).rejects.toThrow(
      `${fifo} is not a regular file or a folder (a FIFO, socket or device)`,
    );
  });
});

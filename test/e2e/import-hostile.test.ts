// `agenix sessions import` through the binary: a transcript with a line nested 100,000 deep
// imports the rest and names the file and the count; a FIFO is refused at once (exit 2).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importClaudeCode } from "../../src/history/import/claude-code.js";
import { repoRoot, runAgenix, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import { readSession, sessionFiles } from "./helpers.js";

let home: TempHome;
withHomeAndServer((h) => {
  home = h;
});

describe("importing hostile transcripts", () => {
  it("a deeply nested line is skipped and counted, naming the file", async () => {
    const basic = readFileSync(path.join(repoRoot, "test/fixtures/import/claude-code/basic.jsonl"), "utf8");
    const deep = `{"type":"user","uuid":"deep","sessionId":"s","message":{"role":"user","content":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`;
    const file = path.join(home.home, "deep.jsonl");
    writeFileSync(file, `${basic.trimEnd()}\n${deep}\n`);
    const result = await runAgenix(["sessions", "import", file, "--from", "claude-code"], {
      cwd: home.workDir,
      env: home.env,
    });
    expect(result.code, result.stderr).toBe(0);
    // One more than the fixture alone (which has entries dropped to keep its history valid).
    const baseline = importClaudeCode(basic, file).skippedLines;
    expect(result.stderr).toContain(`Skipped ${baseline + 1} line(s) of ${file} that could not be used`);
    const [saved] = sessionFiles(home);
    expect(readSession(saved!).messages.length).toBeGreaterThan(2);
  });

  it("a FIFO is refused, not read forever", async () => {
    const fifo = path.join(home.home, "pipe.jsonl");
    execFileSync("mkfifo", [fifo]);
    const result = await runAgenix(["sessions", "import", fifo], {
      cwd: home.workDir,
      env: home.env,
      timeoutMs: 15_000,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `Error: ${fifo} is not a regular file or a folder (a FIFO, socket or device): give a transcript file, or a folder of them.\n`,
    );
  });
});

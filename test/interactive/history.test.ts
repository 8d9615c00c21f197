import { mkdtempSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { appendHistory, HISTORY_LIMIT, historyPath, loadHistory } from "../../src/cli/interactive/history.js";

const homes: string[] = [];
afterEach(async () => {
  for (const home of homes.splice(0)) await rm(home, { recursive: true, force: true });
});

describe("prompt history", () => {
  it("is kept per working directory in ~/.agenix/history, 0600, multi-line entries intact", () => {
    const home = mkdtempSync(path.join(tmpdir(), "agenix-hist-"));
    homes.push(home);
    const file = historyPath("/home/user/project1", home);
    expect(file).toBe(path.join(home, ".agenix/history/home_user_project1.jsonl"));
    let entries = loadHistory(file);
    entries = appendHistory(file, "first", entries);
    entries = appendHistory(file, "two\nlines", entries);
    entries = appendHistory(file, "two\nlines", entries);
    expect(loadHistory(file)).toEqual(["first", "two\nlines"]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadHistory(historyPath("/home/user/other", home))).toEqual([]);
  });

  it("is capped", () => {
    const home = mkdtempSync(path.join(tmpdir(), "agenix-hist-"));
    homes.push(home);
    const file = historyPath("/p", home);
    let entries: string[] = [];
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) entries = appendHistory(file, `q${i}`, entries);
    const loaded = loadHistory(file);
    expect(loaded).toHaveLength(HISTORY_LIMIT);
    expect(loaded.at(-1)).toBe(`q${HISTORY_LIMIT + 19}`);
  });
});

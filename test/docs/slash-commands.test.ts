// docs/cli.md's slash-command table names every built-in command /help lists.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/interactive/commands.js";
import { repoRoot } from "../support/cli.js";

it("every built-in slash command has a row in docs/cli.md's table", () => {
  const doc = readFileSync(path.join(repoRoot, "docs/cli.md"), "utf8");
  const rows = doc.split("\n").filter((line) => line.startsWith("| `/"));
  const documented = new Set(
    rows.flatMap((row) => [...row.split("|")[1]!.matchAll(/`(\/[a-z-]+)/g)].map((m) => m[1])),
  );
  expect(COMMANDS.length).toBeGreaterThan(15);
  expect(COMMANDS.map((c) => c.name).filter((name) => !documented.has(name))).toEqual([]);
});

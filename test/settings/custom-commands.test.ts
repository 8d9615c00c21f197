import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { discoverCustomCommands, expandCommand, splitArguments } from "../../src/settings/custom-commands.js";

describe("custom command templates", () => {
  it("substitutes $ARGUMENTS and $1..$9 (quoted arguments stay whole; missing ones are empty)", () => {
    const template = "Fix issue #$1 with priority $2 in $3.\nAll: $ARGUMENTS\nNone: [$4] [$9]";
    expect(expandCommand(template, `123 high "src/app dir"`)).toBe(
      'Fix issue #123 with priority high in src/app dir.\nAll: 123 high "src/app dir"\nNone: [] []',
    );
  });

  it("appends the arguments to a template without placeholders, and leaves $10 and prices alone", () => {
    expect(expandCommand("Review the diff.", "focus on tests")).toBe("Review the diff.\n\nfocus on tests");
    expect(expandCommand("Review the diff.", "")).toBe("Review the diff.");
    expect(expandCommand("Costs $10 or $1.", "x")).toBe("Costs $10 or x.");
  });

  it("splits arguments like a shell", () => {
    expect(splitArguments(`a 'b c' "d \\"e\\"" f`)).toEqual(["a", "b c", 'd "e"', "f"]);
  });
});

describe("custom command discovery", () => {
  let root: string;
  beforeEach(() => {
    root = realpathSync(mkdtempSync(path.join(tmpdir(), "agenix-cmds-")));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("reads ~/.agenix/commands and the project's .agenix/commands; the project's wins; frontmatter gives description and model", async () => {
    const home = path.join(root, "home");
    const project = path.join(root, "repo");
    mkdirSync(path.join(home, ".agenix", "commands"), { recursive: true });
    mkdirSync(path.join(project, ".agenix", "commands"), { recursive: true });
    writeFileSync(path.join(home, ".agenix", "commands", "review.md"), "user review $ARGUMENTS");
    writeFileSync(path.join(home, ".agenix", "commands", "standup.md"), "standup notes");
    const projectReview = path.join(project, ".agenix", "commands", "review.md");
    writeFileSync(
      projectReview,
      "---\ndescription: Review a PR\nmodel: gpt-4o-mini\n---\nReview PR $1 carefully.\n",
    );
    const result = await discoverCustomCommands({ home, projectRoot: project, cwd: project });
    expect(result.commands.map((c) => [c.name, c.scope, c.description, c.model, c.template])).toEqual([
      ["review", "project", "Review a PR", "gpt-4o-mini", "Review PR $1 carefully."],
      ["standup", "user", undefined, undefined, "standup notes"],
    ]);
    expect(result.notices).toEqual([
      `Command /review: ${projectReview} is used; it overrides ${path.join(home, ".agenix", "commands", "review.md")}.`,
    ]);
  });
});

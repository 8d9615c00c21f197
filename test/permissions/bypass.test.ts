// Runs the bypass corpus (bypass-corpus.ts) through the decision table in a real temp world.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PermissionMode } from "../../src/permissions/types.js";
import { ACCEPT_EDITS_WRITES, BYPASS_CORPUS } from "./bypass-corpus.js";
import { decideIn, makeWorld, type World } from "./fixture.js";

let world: World;
beforeAll(async () => {
  world = await makeWorld();
});
afterAll(() => world.cleanup());

describe("the bypass corpus", () => {
  for (const { command, expect: expected, rules, source } of BYPASS_CORPUS) {
    for (const [mode, behavior] of Object.entries(expected)) {
      it(`${source} | ${mode}: ${command} -> ${behavior}`, () => {
        const decision = decideIn(world, mode as PermissionMode, "bash", { command }, rules);
        expect(decision.behavior, decision.reason).toBe(behavior);
      });
    }
  }
});

describe("writes in accept-edits", () => {
  for (const [command, behavior, source] of ACCEPT_EDITS_WRITES) {
    it(`${source}: ${command} -> ${behavior}`, () => {
      const decision = decideIn(world, "accept-edits", "bash", { command });
      expect(decision.behavior, decision.reason).toBe(behavior);
    });
  }
  for (const file of [
    ".git/config",
    ".git/hooks/post-checkout",
    ".agenix/settings.json",
    ".claude/settings.json",
    ".vscode/tasks.json",
    "sub/.git/hooks/x",
    ".envrc",
  ]) {
    it(`the edit and write tools ask for ${file}, offer no rule, and a rule naming the folder allows it`, () => {
      for (const tool of ["edit", "write"]) {
        const d = decideIn(world, "accept-edits", tool, { file_path: file });
        expect(d.behavior, d.reason).toBe("ask");
        expect(d.suggestions).toEqual([]);
        expect(d.exact).toEqual([`${tool}(${file})`]);
      }
    });
  }
  it("a broad allow rule does not cover a code folder; one that names it does", () => {
    expect(
      decideIn(world, "default", "edit", { file_path: ".git/config" }, { allow: ["edit(**)"] }).behavior,
    ).toBe("ask");
    expect(
      decideIn(world, "default", "edit", { file_path: ".vscode/tasks.json" }, { allow: ["edit(.vscode/**)"] })
        .behavior,
    ).toBe("allow");
    expect(decideIn(world, "yolo", "edit", { file_path: ".git/config" }).behavior).toBe("allow");
  });
});

describe("what an unresolvable or denied line says", () => {
  it("names the rule a line that cannot be judged was refused by", () => {
    const d = decideIn(world, "yolo", "bash", { command: "eval rm x" }, { deny: ["bash(rm *)"] });
    expect(d.reason).toContain("bash(rm *)");
    expect(d.reason).toContain("eval");
  });
  it("names the variable it could not resolve", () => {
    const d = decideIn(world, "default", "bash", { command: "f=.env; cat $f" });
    expect(d.reason).toContain("$f is only known when it runs");
  });
  it("names the option that is not on the list", () => {
    const d = decideIn(world, "default", "bash", { command: "sort -uoout.txt in.txt" });
    expect(d.reason).toContain("sort -o is not on its list of read-only options");
  });
});

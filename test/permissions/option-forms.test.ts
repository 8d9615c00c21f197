// A generator of option spellings from each read-only command's allowlist grammar, so every command
// on the list (and every command added later) gets the same treatment: each allowed option in
// every form a getopt program accepts stays read-only (alone, clustered, attached, `--x=v`,
// `--x v`), and every option NOT on the list asks in every form (alone, clustered behind an
// allowed flag, with an attached value, `--long`, `--long=v`, and abbreviations of allowed names,
// which may be the exact name of another option). Each form also goes through the real shell
// parser and the whole decision table.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decide } from "../../src/permissions/decide.js";
import type { OptionGrammar } from "../../src/permissions/getopt.js";
import { COMMANDS, judgeReadOnly } from "../../src/permissions/read-only.js";
import { GIT_SUBCOMMANDS } from "../../src/permissions/read-only-git.js";
import { shellQuote } from "../../src/permissions/rules.js";
import { decideIn, makeWorld, type World } from "./fixture.js";

let world: World;
beforeAll(async () => {
  world = await makeWorld();
});
afterAll(() => world.cleanup());
const inSrc = () => ({ ...world.ctx, workingDir: path.join(world.work, "src") });

const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".split("");

/** Argument lists that must stay read-only. */
function allowedForms(g: OptionGrammar): string[][] {
  if (g.operandsOnly) return [["-f", "x"]];
  const forms: string[][] = [[]];
  const flags = (g.flags ?? "").split("").filter(Boolean);
  const values = (g.values ?? "").split("").filter(Boolean);
  const optional = (g.optional ?? "").split("").filter(Boolean);
  for (const f of flags) forms.push([`-${f}`]);
  for (let i = 0; i + 1 < flags.length; i++) forms.push([`-${flags[i]}${flags[i + 1]}`]);
  if (flags.length > 2) forms.push([`-${flags.join("")}`]);
  for (const v of values) {
    forms.push([`-${v}1`], [`-${v}`, "1"]);
    if (flags[0]) forms.push([`-${flags[0]}${v}1`], [`-${flags[0]}${v}`, "1"]);
  }
  for (const o of optional) forms.push([`-${o}`], [`-${o}1`]);
  if (g.numberOption) forms.push(["-5"]);
  for (const [name, kind] of Object.entries(g.long ?? {})) {
    if (kind === "none") forms.push([`--${name}`]);
    if (kind === "value") forms.push([`--${name}=1`], [`--${name}`, "1"]);
    if (kind === "optional") forms.push([`--${name}`], [`--${name}=1`]);
  }
  return forms;
}

/** Argument lists that must ask: options not on the list, however they are spelled. */
function refusedForms(g: OptionGrammar): string[][] {
  if (g.operandsOnly) return [];
  const known = `${g.flags ?? ""}${g.values ?? ""}${g.optional ?? ""}`;
  const flag = (g.flags ?? "")[0];
  const forms: string[][] = [];
  for (const letter of LETTERS) {
    if (known.includes(letter) || (g.numberOption && /\d/.test(letter))) continue;
    forms.push([`-${letter}`], [`-${letter}out.txt`], [`-${letter}`, "out.txt"]);
    if (flag) forms.push([`-${flag}${letter}`], [`-${flag}${letter}out.txt`]);
  }
  forms.push(["--output=out.txt"], ["--no-such-option"], ["--pre=./x"]);
  for (const name of Object.keys(g.long ?? {})) {
    // An abbreviation (getopt_long would accept it) is not on the list.
    if (name.length > 3) forms.push([`--${name.slice(0, -1)}`], [`--${name.slice(0, -1)}=1`]);
    if (g.long![name] === "none") forms.push([`--${name}=1`]);
  }
  // With -- an option-looking word is an operand: it stays read-only only as a file name.
  return forms.filter((f) => !f.some((w) => Object.hasOwn(g.long ?? {}, w.replace(/^--|=.*$/g, ""))));
}

const programs: [string, OptionGrammar, string[]][] = [
  ...Object.entries(COMMANDS).map(([name, spec]): [string, OptionGrammar, string[]] => [
    name,
    spec.grammar,
    [name],
  ]),
  ...Object.entries(GIT_SUBCOMMANDS).map(([sub, g]): [string, OptionGrammar, string[]] => [
    `git ${sub}`,
    g,
    ["git", sub],
  ]),
];

const line = (words: string[]) => words.map(shellQuote).join(" ");

describe("option forms generated from each allowlist grammar", () => {
  for (const [name, grammar, prefix] of programs) {
    it(`${name}: every allowed spelling stays read-only, through the parser too`, () => {
      for (const form of allowedForms(grammar)) {
        const words = [...prefix, ...form];
        const judged = judgeReadOnly(words);
        expect(judged.readOnly, `${words.join(" ")}: ${judged.readOnly ? "" : judged.why}`).toBe(true);
        // In src/, where no secret lies below (recursive forms read the whole tree).
        const d = decide(
          { tool: "bash", input: { command: line(words) } },
          { mode: "plan", rules: [] },
          inSrc(),
        );
        expect(d.behavior, `${line(words)}: ${d.reason}`).toBe("allow");
      }
    });
    it(`${name}: every spelling of an option not on the list asks`, () => {
      for (const form of refusedForms(grammar)) {
        const words = [...prefix, ...form];
        expect(judgeReadOnly(words).readOnly, words.join(" ")).toBe(false);
        const d = decideIn(world, "default", "bash", { command: line(words) });
        expect(d.behavior, `${line(words)}: ${d.reason}`).toBe("ask");
      }
    });
  }
  it("-- ends options: what follows is an operand (a file to check), not an option", () => {
    expect(judgeReadOnly(["sort", "--", "-o"])).toEqual({ readOnly: true, files: ["-o"] });
    expect(decideIn(world, "default", "bash", { command: "cat -- .env" }).behavior).toBe("ask");
  });
});

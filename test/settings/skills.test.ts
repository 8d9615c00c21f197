import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { countTokens } from "gpt-tokenizer";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadYaml } from "../../src/settings/frontmatter.js";
import {
  discoverSkills,
  type Skill,
  skillsBudget,
  skillsPromptSection,
  validateSkill,
} from "../../src/settings/skills.js";
import { prng } from "../support/prng.js";

beforeAll(loadYaml);

let root: string;
let home: string;
let project: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), "agenix-skills-")));
  home = path.join(root, "home");
  project = path.join(root, "repo");
  mkdirSync(path.join(project, "sub"), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function skill(dir: string, folder: string, frontmatter: string, body = "Do the thing."): string {
  const file = path.join(dir, folder, "SKILL.md");
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `---\n${frontmatter}\n---\n${body}\n`);
  return file;
}

describe("skill discovery", () => {
  it("finds skills in the user folders, every .agents/.agenix folder from cwd up to the project root, and settings paths; the project wins", async () => {
    const userA = skill(path.join(home, ".agents", "skills"), "lint", "name: lint\ndescription: user lint");
    skill(path.join(home, ".agenix", "skills"), "deploy", "name: deploy\ndescription: deploy it");
    const projectLint = skill(
      path.join(project, ".agenix", "skills"),
      "lint",
      "name: lint\ndescription: project lint",
    );
    skill(path.join(project, "sub", ".agents", "skills"), "review", "name: review\ndescription: review code");
    skill(path.join(root, "extra"), "notes", "name: notes\ndescription: take notes");
    skill(path.join(root, ".agenix", "skills"), "outside", "name: outside\ndescription: above the root");
    const result = await discoverSkills({
      home,
      projectRoot: project,
      cwd: path.join(project, "sub"),
      extraPaths: [path.join(root, "extra")],
    });
    expect(result.skills.map((s) => [s.name, s.scope])).toEqual([
      ["deploy", "user"],
      ["lint", "project"],
      ["notes", "settings"],
      ["review", "project"],
    ]);
    expect(result.skills.find((s) => s.name === "lint")!.path).toBe(projectLint);
    expect(result.notices).toEqual([`Skill "lint": ${projectLint} is used; it overrides ${userA}.`]);
    expect(result.warnings).toEqual([]);
  });

  it("validates: bad names and a folder mismatch warn; a missing description skips the skill", async () => {
    const dir = path.join(project, ".agenix", "skills");
    const bad = skill(dir, "bad-name", "name: Bad--Name\ndescription: ok");
    const nodesc = skill(dir, "nodesc", "name: nodesc");
    const broken = skill(dir, "broken", "name: [unclosed\ndescription: x");
    const result = await discoverSkills({ home, projectRoot: project, cwd: project });
    expect(result.skills.map((s) => s.name)).toEqual(["Bad--Name"]);
    expect(result.warnings).toEqual([
      `Skill ${bad}: name "Bad--Name" should be 1-64 lowercase letters, digits and single hyphens.`,
      `Skill ${bad}: name "Bad--Name" does not match its folder "bad-name".`,
      expect.stringMatching(
        new RegExp(
          `^Skill ${broken.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: the frontmatter is not valid YAML`,
        ),
      ),
      `Skill ${broken}: no "name" in the frontmatter; using the folder name "broken".`,
      `Skill ${broken}: no "description" in the frontmatter; skipped (the model could not tell when to use it).`,
      `Skill ${nodesc}: no "description" in the frontmatter; skipped (the model could not tell when to use it).`,
    ]);
  });

  it("accepts names up to 64 characters and descriptions up to 1024, and warns beyond", () => {
    const name = "a".repeat(64);
    expect(
      validateSkill(name, "f", `---\nname: ${name}\ndescription: ${"d".repeat(1024)}\n---\n`).warnings,
    ).toEqual([]);
    const long = validateSkill(
      "a".repeat(65),
      "f",
      `---\nname: ${"a".repeat(65)}\ndescription: ${"d".repeat(1025)}\n---\n`,
    );
    expect(long.warnings).toHaveLength(2);
    expect(long.skill!.description).toHaveLength(1024);
  });
});

describe("the skills listing in the system prompt", () => {
  const make = (n: number, seed: number): Skill[] => {
    const rand = prng(seed);
    return Array.from({ length: n }, (_, i) => ({
      name: `skill-${i}`,
      description: Array.from({ length: 20 + Math.floor(rand() * 150) }, () => "word").join(" "),
      path: `/home/u/.agenix/skills/skill-${i}/SKILL.md`,
      scope: "user" as const,
    }));
  };
  const tokens = (text: string) => countTokens(text);

  it("lists name, description and path only (never the body)", async () => {
    const text = skillsPromptSection(make(2, 1), skillsBudget());
    expect(text).toContain("- skill-0: word word");
    expect(text).toContain("(/home/u/.agenix/skills/skill-0/SKILL.md)");
    expect(text.split("\n")).toHaveLength(3);
  });

  it("stays within ~2% of the context window (128,000 tokens when unknown): shortens, then leaves skills out and says how many", async () => {
    expect(skillsBudget()).toBe(2560);
    expect(skillsBudget(200_000)).toBe(4000);
    for (const seed of [1, 2, 3]) {
      const many = make(300, seed);
      const text = skillsPromptSection(many, skillsBudget());
      expect(tokens(text)).toBeLessThanOrEqual(2560);
      const listed = text.split("\n").filter((l) => l.startsWith("- ")).length;
      expect(listed).toBeGreaterThan(10);
      expect(text).toContain(
        `(${300 - listed} more skills not listed: the listing is limited to 2560 tokens.)`,
      );
    }
    const few = make(20, 4);
    const shortened = skillsPromptSection(few, 1200);
    expect(tokens(shortened)).toBeLessThanOrEqual(1200);
    expect(shortened.split("\n").filter((l) => l.startsWith("- "))).toHaveLength(20);
  });
});

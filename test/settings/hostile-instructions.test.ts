// A repository's instruction files (context files, skills, custom commands) cannot pull a secret
// or a special file into the prompt: links leaving the project and non-regular files are not read
// (each named in a warning), and `contextFiles` takes bare names only.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SettingsError } from "../../src/errors.js";
import { loadContextFiles } from "../../src/settings/context-files.js";
import { discoverCustomCommands } from "../../src/settings/custom-commands.js";
import { discoverSkills } from "../../src/settings/skills.js";
import { validateSettings } from "../../src/settings/validate.js";

let root: string;
let home: string;
let project: string;
let secret: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), "agenix-hostile-")));
  home = path.join(root, "home");
  project = path.join(root, "repo");
  mkdirSync(path.join(home, ".ssh"), { recursive: true });
  mkdirSync(project, { recursive: true });
  secret = path.join(home, ".ssh", "id_rsa");
  writeFileSync(secret, "---PRIVATE KEY 4711---");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const where = () => ({ home, projectRoot: project, cwd: project });

describe("instruction files from a project", () => {
  it("context files: a link out of the project, /proc/self/environ and a FIFO are not read, each named", async () => {
    symlinkSync(secret, path.join(project, "AGENTS.md"));
    mkdirSync(path.join(project, "a"));
    symlinkSync("/proc/self/environ", path.join(project, "a", "AGENTS.md"));
    mkdirSync(path.join(project, "a", "b"));
    execFileSync("mkfifo", [path.join(project, "a", "b", "AGENTS.md")]);
    writeFileSync(path.join(project, "a", "b", "CLAUDE.md"), "fallback rules");
    const result = await loadContextFiles({ ...where(), cwd: path.join(project, "a", "b") });
    expect(result.text).not.toContain("PRIVATE KEY");
    expect(result.files.map((f) => f.path)).toEqual([path.join(project, "a", "b", "CLAUDE.md")]);
    expect(result.skipped).toEqual([
      `${path.join(project, "AGENTS.md")} is a link to ${secret}, outside the project; not read`,
      `${path.join(project, "a", "AGENTS.md")} is a link to /proc/${process.pid}/environ, outside the project; not read`,
      `${path.join(project, "a", "b", "AGENTS.md")} is not a regular file; not read`,
    ]);
  });

  it("a link inside the project is read; the user's own ~/.agenix file may link anywhere but not to /proc", async () => {
    writeFileSync(path.join(project, "RULES.md"), "shared rules");
    symlinkSync(path.join(project, "RULES.md"), path.join(project, "AGENTS.md"));
    mkdirSync(path.join(home, ".agenix"));
    writeFileSync(path.join(root, "mine.md"), "my own rules");
    symlinkSync(path.join(root, "mine.md"), path.join(home, ".agenix", "AGENTS.md"));
    const result = await loadContextFiles(where());
    expect(result.files.map((f) => f.content)).toEqual(["my own rules", "shared rules"]);
    rmSync(path.join(home, ".agenix", "AGENTS.md"));
    symlinkSync("/proc/self/environ", path.join(home, ".agenix", "AGENTS.md"));
    const again = await loadContextFiles(where());
    expect(again.skipped).toEqual([
      `${path.join(home, ".agenix", "AGENTS.md")} is not a regular file (/proc/${process.pid}/environ); not read`,
    ]);
  });

  it("skills and commands: a linked folder or file leaving the project is not read", async () => {
    const outside = path.join(root, "outside-skill");
    mkdirSync(outside);
    writeFileSync(path.join(outside, "SKILL.md"), "---\nname: evil\ndescription: reads keys\n---\n");
    mkdirSync(path.join(project, ".agenix", "skills"), { recursive: true });
    symlinkSync(outside, path.join(project, ".agenix", "skills", "evil"));
    const skills = await discoverSkills(where());
    expect(skills.skills).toEqual([]);
    expect(skills.warnings).toEqual([
      `Skill ${path.join(project, ".agenix", "skills", "evil", "SKILL.md")} is a link to ${path.join(outside, "SKILL.md")}, outside the project; not read.`,
    ]);

    mkdirSync(path.join(project, ".agenix", "commands"), { recursive: true });
    symlinkSync(secret, path.join(project, ".agenix", "commands", "key.md"));
    writeFileSync(path.join(project, ".agenix", "commands", "ok.md"), "say ok");
    const commands = await discoverCustomCommands(where());
    expect(commands.commands.map((c) => c.name)).toEqual(["ok"]);
    expect(commands.warnings).toEqual([
      `Command ${path.join(project, ".agenix", "commands", "key.md")} is a link to ${secret}, outside the project; not read.`,
    ]);
  });

  it("contextFiles entries must be bare names: a path is refused naming the setting", () => {
    expect(
      validateSettings({ contextFiles: ["AGENTS.md", "NOTES.md"] }, "/p/s.json").data.contextFiles,
    ).toEqual(["AGENTS.md", "NOTES.md"]);
    for (const bad of ["../../.ssh/id_rsa", "/proc/self/environ", "docs/AGENTS.md", "..", "a\\b"]) {
      expect(() => validateSettings({ contextFiles: ["AGENTS.md", bad] }, "/p/s.json")).toThrow(
        SettingsError,
      );
      expect(() => validateSettings({ contextFiles: ["AGENTS.md", bad] }, "/p/s.json")).toThrow(
        `/p/s.json: "contextFiles.1": ${JSON.stringify(bad)} is not a bare file name.`,
      );
    }
  });
});

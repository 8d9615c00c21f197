// Subagent definition files: Claude Code's format read as is, our tool names, trust gating of a
// project's wider modes, precedence between folders, and files that must be skipped.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { childMode, childToolNames } from "../../src/agent/agent-definition.js";
import { discoverAgents } from "../../src/settings/agent-definitions.js";

let root: string;
let home: string;
let project: string;

beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), "agenix-agents-")));
  home = path.join(root, "home");
  project = path.join(root, "project");
  mkdirSync(home);
  mkdirSync(project);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(dir: string, name: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const discover = (trusted = false) => discoverAgents({ home, projectRoot: project, trusted });

describe("agent definitions", () => {
  it("reads a Claude Code definition as is: tool names mapped, aliases inherit the model, acceptEdits is accept-edits", async () => {
    write(
      path.join(project, ".claude", "agents"),
      "reviewer.md",
      "---\nname: reviewer\ndescription: Reviews code\ntools: Read, Grep, Glob, Bash(git diff *), LS\nmodel: sonnet\npermissionMode: acceptEdits\ncolor: red\n---\nYou review.\n",
    );
    const { agents, warnings } = await discover(true);
    expect(warnings).toEqual([]);
    expect(agents).toEqual([
      {
        name: "reviewer",
        description: "Reviews code",
        prompt: "You review.",
        tools: ["read", "grep", "glob", "bash", "LS"],
        permissionMode: "accept-edits",
        path: path.join(project, ".claude", "agents", "reviewer.md"),
        scope: "project",
      },
    ]);
    // A listed tool the parent lacks (LS) is simply not there; task never is.
    expect(childToolNames(agents[0]!, ["read", "write", "bash", "grep", "glob", "task"])).toEqual([
      "read",
      "bash",
      "grep",
      "glob",
    ]);
  });

  it("an untrusted project's definition loads without a mode wider than default, saying so; a user's keeps it", async () => {
    write(
      path.join(project, ".agenix", "agents"),
      "fixer.md",
      "---\ndescription: Fixes\npermissionMode: yolo\n---\nFix.\n",
    );
    write(
      path.join(home, ".agenix", "agents"),
      "mine.md",
      "---\ndescription: Mine\npermissionMode: yolo\n---\nMine.\n",
    );
    const untrusted = await discover(false);
    expect(untrusted.agents.find((a) => a.name === "fixer")?.permissionMode).toBeUndefined();
    expect(untrusted.warnings.join("\n")).toMatch(
      /fixer\.md: permissionMode yolo is ignored: the project is not trusted/,
    );
    expect(untrusted.agents.find((a) => a.name === "mine")?.permissionMode).toBe("yolo");
    const trusted = await discover(true);
    expect(trusted.agents.find((a) => a.name === "fixer")?.permissionMode).toBe("yolo");
    // A narrower mode needs no trust.
    write(
      path.join(project, ".agenix", "agents"),
      "planner.md",
      "---\ndescription: Plans\npermissionMode: plan\n---\nPlan.\n",
    );
    expect((await discover(false)).agents.find((a) => a.name === "planner")?.permissionMode).toBe("plan");
  });

  it("a definition never widens the parent's mode", () => {
    expect(childMode("default", "yolo")).toBe("default");
    expect(childMode("plan", "accept-edits")).toBe("plan");
    expect(childMode("yolo", "plan")).toBe("plan");
    expect(childMode("auto", "accept-edits")).toBe("accept-edits");
    expect(childMode("accept-edits", undefined)).toBe("accept-edits");
  });

  it("project .agenix/agents overrides .claude/agents, which overrides the user's; the override is noted", async () => {
    write(path.join(home, ".agenix", "agents"), "x.md", "---\nname: x\ndescription: user\n---\nu\n");
    write(path.join(project, ".claude", "agents"), "x.md", "---\nname: x\ndescription: claude\n---\nc\n");
    write(path.join(project, ".agenix", "agents"), "x.md", "---\nname: x\ndescription: agenix\n---\na\n");
    const { agents, notices } = await discover();
    expect(agents.map((a) => a.description)).toEqual(["agenix"]);
    expect(notices).toHaveLength(2);
  });

  it("skips a file without a description, with bad YAML, or linking out of the project, naming it", async () => {
    const dir = path.join(project, ".agenix", "agents");
    write(dir, "nodesc.md", "---\nname: nodesc\n---\nbody\n");
    write(dir, "bad.md", "---\nname: [unclosed\n---\nbody\n");
    const secret = write(root, "secret.md", "---\ndescription: secret\n---\nsecret prompt\n");
    symlinkSync(secret, path.join(dir, "link.md"));
    const { agents, warnings } = await discover();
    expect(agents).toEqual([]);
    const text = warnings.join("\n");
    expect(text).toMatch(/nodesc\.md: no "description"/);
    expect(text).toMatch(/bad\.md: the frontmatter is not valid YAML/);
    expect(text).toMatch(/link\.md is a link to .*secret\.md, outside the project; not read/);
  });
});

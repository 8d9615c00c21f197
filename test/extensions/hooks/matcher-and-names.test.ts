// Matchers read as Claude Code reads them, and our tools as Claude Code hooks see them.
import { describe, expect, it } from "vitest";
import { compileMatcher } from "../../../src/extensions/hooks/matcher.js";
import {
  claudeToolInput,
  claudeToolName,
  matchableNames,
  ourToolInput,
  ourToolName,
} from "../../../src/extensions/hooks/tool-names.js";

const matches = (matcher: string | undefined, tool: string) => compileMatcher(matcher)(matchableNames(tool));

describe("hook matchers", () => {
  it("empty, missing and * match every tool", () => {
    for (const m of [undefined, "", "*", "  "]) expect(matches(m, "mcp__github__push")).toBe(true);
  });

  it("a name or A|B list matches exactly, in Claude Code's names or ours, case-sensitively", () => {
    expect(matches("Bash", "bash")).toBe(true);
    expect(matches("bash", "bash")).toBe(true);
    expect(matches("Edit|Write", "write")).toBe(true);
    expect(matches("Edit|Write", "read")).toBe(false);
    expect(matches("Edit", "NotebookEdit")).toBe(false);
    expect(matches("BASH", "bash")).toBe(false);
  });

  it("anything else is a regular expression (mcp__server__.*, Notebook.*)", () => {
    expect(matches("mcp__github__.*", "mcp__github__create_issue")).toBe(true);
    expect(matches("mcp__github__.*", "mcp__gitlab__create_issue")).toBe(false);
    expect(matches("Write.*|Ed.t", "edit")).toBe(true);
    expect(() => compileMatcher("(unclosed")).toThrow();
  });
});

describe("tool names and inputs for hooks", () => {
  it("built-in tools get Claude Code's names; others keep theirs", () => {
    expect(["bash", "read", "write", "edit", "grep", "glob"].map(claudeToolName)).toEqual([
      "Bash",
      "Read",
      "Write",
      "Edit",
      "Grep",
      "Glob",
    ]);
    expect(claudeToolName("mcp__x__y")).toBe("mcp__x__y");
    // Background shells: Claude Code's BashOutput {bash_id} and KillShell {shell_id}.
    expect(claudeToolName("bash_output")).toBe("BashOutput");
    expect(claudeToolInput("kill_shell", { id: "bash_1" }, "/p")).toEqual({ shell_id: "bash_1" });
    expect(ourToolInput("bash_output", { bash_id: "bash_2", filter: "x" })).toEqual({
      id: "bash_2",
      filter: "x",
    });
    // Subagents: Claude Code's Task {description, prompt, subagent_type}; a .claude/agents tool list's Task is ours.
    expect(matchableNames("task")).toEqual(["Task", "task"]);
    expect(claudeToolInput("task", { description: "d", prompt: "p", agent: "explore" }, "/p")).toEqual({
      description: "d",
      prompt: "p",
      subagent_type: "explore",
    });
    expect(ourToolInput("task", { description: "d", prompt: "p", subagent_type: "general" })).toEqual({
      description: "d",
      prompt: "p",
      agent: "general",
    });
    expect(ourToolName("Task")).toBe("task");
  });

  it("tool_input uses Claude Code's field names and absolute paths; updatedInput maps back", () => {
    expect(claudeToolInput("edit", { file_path: "a.txt", old_string: "x", new_string: "y" }, "/p")).toEqual({
      file_path: "/p/a.txt",
      old_string: "x",
      new_string: "y",
    });
    expect(claudeToolInput("grep", { pattern: "x", path: "src", ignore_case: true }, "/p")).toEqual({
      pattern: "x",
      path: "/p/src",
      "-i": true,
    });
    expect(ourToolInput("grep", { pattern: "y", "-i": false })).toEqual({ pattern: "y", ignore_case: false });
    expect(ourToolInput("bash", { command: "ls" })).toEqual({ command: "ls" });
  });
});

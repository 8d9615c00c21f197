// Tool kinds as editors see them: agenix's tools by their declared activity, MCP and extension tools by their verb.
import { describe, expect, it } from "vitest";
import { toolCallEnd, toolCallStart, toolKind, toolTitle } from "../../src/acp/tool-updates.js";

describe("toolKind", () => {
  it("maps the built-in tools, background shells, web_fetch, the subagent and the todo list", () => {
    expect(
      [
        "read",
        "edit",
        "write",
        "bash",
        "bash_output",
        "kill_shell",
        "grep",
        "glob",
        "web_fetch",
        "task",
        "todo_write",
      ].map(toolKind),
    ).toEqual([
      "read",
      "edit",
      "edit",
      "execute",
      "execute",
      "execute",
      "search",
      "search",
      "fetch",
      "think",
      "think",
    ]);
  });

  it("maps MCP tools by the verb their name starts with, else other", () => {
    expect(
      [
        "mcp__fetch__fetch",
        "mcp__gh__searchIssues",
        "mcp__fs__read_file",
        "mcp__fs__delete_file",
        "mcp__fs__move_file",
        "mcp__fs__write_file",
        "mcp__db__vacuum",
        "shout",
      ].map(toolKind),
    ).toEqual(["fetch", "search", "read", "delete", "move", "edit", "other", "other"]);
  });
});

describe("toolTitle", () => {
  it("names the tool and its main argument: a command, a pattern, a background shell, a file", () => {
    const title = (name: string, args: Record<string, unknown>) =>
      toolTitle({ id: "c", name, arguments: args }, "/w");
    expect(title("bash", { command: "npm test" })).toBe("bash npm test");
    expect(title("grep", { pattern: "TODO" })).toBe("grep TODO");
    expect(title("bash_output", { id: "bash_1" })).toBe("bash_output bash_1");
    expect(title("kill_shell", { id: "bash_2" })).toBe("kill_shell bash_2");
    expect(title("read", { file_path: "src/a.ts" })).toBe("read /w/src/a.ts");
  });

  it("takes the subject from the tool's declaration, and an undeclared tool's first string argument", () => {
    const title = (name: string, args: Record<string, unknown>) =>
      toolTitle({ id: "c", name, arguments: args }, "/w");
    expect(title("web_fetch", { url: "https://example.com/" })).toBe("web_fetch https://example.com/");
    expect(title("glob", { path: "src", pattern: "*.ts" })).toBe("glob *.ts");
    expect(title("mcp__gh__search", { limit: 3, query: "bug" })).toBe("mcp__gh__search bug");
    expect(title("mcp__db__vacuum", {})).toBe("mcp__db__vacuum");
  });
});

describe("toolCallStart", () => {
  it("proposes an edit's replacement and a write's whole text as diffs, at the resolved file", () => {
    const edit = toolCallStart(
      { id: "e", name: "edit", arguments: { file_path: "a.ts", old_string: "x", new_string: "y" } },
      "/w",
    );
    expect(edit.locations).toEqual([{ path: "/w/a.ts" }]);
    expect(edit.content).toEqual([{ type: "diff", path: "/w/a.ts", oldText: "x", newText: "y" }]);
    const write = toolCallStart(
      { id: "w", name: "write", arguments: { file_path: "new.ts", content: "z" } },
      "/w",
    );
    expect(write.content).toEqual([{ type: "diff", path: "/w/new.ts", oldText: null, newText: "z" }]);
    expect(toolCallStart({ id: "b", name: "bash", arguments: { command: "ls" } }, "/w").content).toEqual([]);
  });
});

describe("toolCallEnd", () => {
  it("shows an editor terminal's output by its id, else the result as text", () => {
    const call = { id: "c1", name: "bash", arguments: { command: "ls" } };
    const result = {
      role: "tool" as const,
      tool_call_id: "c1",
      name: "bash",
      content: "a\nb",
      timestamp: "2026-01-01T00:00:00Z",
    };
    expect(toolCallEnd(call, result, "/w", "term-1").content).toEqual([
      { type: "terminal", terminalId: "term-1" },
    ]);
    expect(toolCallEnd(call, result, "/w").content).toEqual([
      { type: "content", content: { type: "text", text: "a\nb" } },
    ]);
  });
});

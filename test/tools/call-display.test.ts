// What a call is about comes from its tool's declarations: the terminal's label, the editor's kind,
// title, files and diff are read from them, and a tool that declares nothing shows its first string.
import { describe, expect, it } from "vitest";
import { callFiles, callSubject, proposedChange, toolActivity } from "../../src/tools/call-display.js";
import { builtinTools, declaredTool, SESSION_TOOL_NAMES } from "../../src/tools/registry.js";

describe("declaredTool", () => {
  it("knows every built-in tool and every tool a session adds, and nothing else", () => {
    for (const tool of builtinTools())
      expect(declaredTool(tool.name)?.permission?.kind).toBe(tool.permission?.kind);
    for (const name of SESSION_TOOL_NAMES) expect(declaredTool(name)?.permission).toBeDefined();
    expect(declaredTool("mcp__fs__read_file")).toBeUndefined();
  });

  it("gives every one of them an activity, from its permission's kind unless it declares its own", () => {
    const names = [...builtinTools().map((tool) => tool.name), ...SESSION_TOOL_NAMES];
    expect(Object.fromEntries(names.map((name) => [name, toolActivity(name)]))).toEqual({
      read: "read",
      write: "edit",
      edit: "edit",
      bash: "execute",
      grep: "search",
      glob: "search",
      bash_output: "execute",
      kill_shell: "execute",
      web_fetch: "fetch",
      todo_write: "think",
      task: "think",
    });
    expect(toolActivity("shout")).toBeUndefined();
  });
});

describe("callSubject", () => {
  const subject = (name: string, args: Record<string, unknown>) => callSubject({ name, arguments: args });

  it("is the declared label, command, URL or first path", () => {
    expect(subject("bash", { description: "list", command: "ls -la" })).toBe("ls -la");
    expect(subject("grep", { path: "src", pattern: "TODO" })).toBe("TODO");
    expect(subject("read", { limit: "2", file_path: "a.ts" })).toBe("a.ts");
    expect(subject("web_fetch", { prompt: "x", url: "https://example.com/" })).toBe("https://example.com/");
    expect(subject("todo_write", { todos: [{}] })).toBe("1 task");
    expect(subject("todo_write", { todos: [{}, {}] })).toBe("2 tasks");
    expect(subject("task", { prompt: "long text", description: "find the bug" })).toBe("find the bug");
  });

  it("shows a path its own way (resolved, for an editor)", () => {
    expect(callSubject({ name: "edit", arguments: { file_path: "a.ts" } }, (p) => `/w/${p}`)).toBe("/w/a.ts");
  });

  it("falls back to the first string argument: a tool that declares nothing, a missing argument", () => {
    expect(subject("mcp__gh__search", { limit: 3, query: "bug" })).toBe("bug");
    expect(subject("bash", { timeout: 5, description: "x" })).toBe("x");
    expect(subject("mcp__db__vacuum", { full: true })).toBeUndefined();
  });
});

describe("callFiles and proposedChange", () => {
  it("are the declared paths and change of file tools, and none for the rest", () => {
    expect(callFiles({ name: "glob", arguments: { pattern: "*.ts", path: "src" } })).toEqual(["src"]);
    expect(callFiles({ name: "bash", arguments: { command: "cat a" } })).toEqual([]);
    expect(callFiles({ name: "mcp__fs__read_file", arguments: { path: "a" } })).toEqual([]);
    expect(
      proposedChange({ name: "edit", arguments: { file_path: "a", old_string: "x", new_string: "y" } }),
    ).toEqual({ oldText: "x", newText: "y" });
    expect(proposedChange({ name: "write", arguments: { file_path: "a", content: "z\n" } })).toEqual({
      newText: "z\n",
    });
    expect(proposedChange({ name: "edit", arguments: { file_path: "a", old_string: "x" } })).toBeUndefined();
    expect(proposedChange({ name: "read", arguments: { file_path: "a" } })).toBeUndefined();
  });
});

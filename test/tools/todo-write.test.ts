// todo_write and the list it leaves in a session: what the tool accepts and answers, and how every
// view finds the current list in the messages (the last call that succeeded).
import { describe, expect, it } from "vitest";
import { latestTodos, readTodos, todoLines, todoProgress } from "../../src/messages/todos.js";
import type { Message } from "../../src/messages/types.js";
import { todoWriteTool } from "../../src/tools/todo-write.js";
import { ctxFor, tempDir } from "./helpers.js";

const list = (status: string) => ({
  todos: [
    { content: "Read the code", status: "completed" },
    { content: "Fix the bug", status, activeForm: "Fixing the bug" },
  ],
});

describe("todo_write", () => {
  it("answers with the counts and a progress summary", async () => {
    const out = await todoWriteTool.run(list("in_progress"), ctxFor(tempDir()));
    expect(out).toEqual({
      content:
        "Todo list updated: 2 tasks (1 completed, 1 in progress, 0 pending). Keep it current as you work.",
      isError: false,
      summary: "1/2 done",
    });
    const one = await todoWriteTool.run(
      { todos: [{ content: "look", status: "pending" }] },
      ctxFor(tempDir()),
    );
    expect(one.content).toMatch(/^Todo list updated: 1 task \(0 completed, 0 in progress, 1 pending\)/);
    expect((await todoWriteTool.run({ todos: [] }, ctxFor(tempDir()))).content).toBe(
      "The todo list is now empty.",
    );
  });

  it("refuses a bad status, an empty task and more than 100 tasks, saying what to fix", async () => {
    const bad = await todoWriteTool.run(list("doing"), ctxFor(tempDir()));
    expect(bad.isError).toBe(true);
    expect(bad.content).toContain("Invalid arguments for todo_write");
    expect(bad.content).toContain("todos[1].status");
    const empty = await todoWriteTool.run(
      { todos: [{ content: "  ", status: "pending" }] },
      ctxFor(tempDir()),
    );
    expect(empty.isError).toBe(true);
    const many = { todos: Array.from({ length: 101 }, (_, i) => ({ content: `t${i}`, status: "pending" })) };
    expect((await todoWriteTool.run(many, ctxFor(tempDir()))).isError).toBe(true);
  });
});

describe("the list in a session", () => {
  const call = (id: string, args: unknown): Message =>
    ({
      role: "assistant",
      content: [],
      tool_calls: [{ id, name: "todo_write", arguments: args }],
      timestamp: "2026-01-01T00:00:00Z",
    }) as unknown as Message;
  const result = (id: string, isError: boolean): Message =>
    ({
      role: "tool",
      tool_call_id: id,
      name: "todo_write",
      content: "ok",
      is_error: isError,
      timestamp: "2026-01-01T00:00:00Z",
    }) as unknown as Message;

  it("is the last todo_write call that succeeded; a failed or unanswered call does not count", () => {
    const messages = [
      call("a", list("in_progress")),
      result("a", false),
      call("b", list("completed")),
      result("b", true),
      call("c", list("pending")),
    ];
    expect(latestTodos(messages)).toEqual(readTodos(list("in_progress")));
    expect(latestTodos([])).toBeUndefined();
  });

  it("reads leniently but never half a list; prints as checkboxes", () => {
    expect(readTodos({ todos: [{ content: "x", status: "weird" }] })).toBeUndefined();
    expect(readTodos("nope")).toBeUndefined();
    const items = readTodos(list("in_progress"))!;
    expect(items[1]).toEqual({ content: "Fix the bug", status: "in_progress", activeForm: "Fixing the bug" });
    expect(todoLines(items)).toEqual(["[x] Read the code", "[>] Fix the bug"]);
    expect(todoProgress(items)).toBe("1/2 done");
  });
});

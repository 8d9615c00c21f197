// The todo list the model keeps with the `todo_write` tool. The list is not stored anywhere else:
// it is the arguments of the last todo_write call that succeeded, so every reader (the live UI,
// print mode, `sessions show`, the HTML export, ACP) finds it in the session's messages.
// The shape is Claude Code's TodoWrite: {todos: [{content, status, activeForm?}]}.
import type { Message } from "./types.js";

export const TODO_TOOL = "todo_write";
export const TODO_STATUSES = ["pending", "in_progress", "completed"] as const;
export type TodoStatus = (typeof TODO_STATUSES)[number];

export interface TodoItem {
  /** What to do, in the imperative ("Run the tests"). */
  content: string;
  status: TodoStatus;
  /** The same in the present continuous ("Running the tests"), shown while it is in progress. */
  activeForm?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The list in a todo_write call's arguments, or undefined when they are not one. */
export function readTodos(args: unknown): TodoItem[] | undefined {
  if (!isRecord(args) || !Array.isArray(args.todos)) return undefined;
  const items: TodoItem[] = [];
  for (const raw of args.todos) {
    if (!isRecord(raw) || typeof raw.content !== "string") return undefined;
    if (!(TODO_STATUSES as readonly unknown[]).includes(raw.status)) return undefined;
    const item: TodoItem = { content: raw.content, status: raw.status as TodoStatus };
    if (typeof raw.activeForm === "string" && raw.activeForm.trim() !== "") item.activeForm = raw.activeForm;
    items.push(item);
  }
  return items;
}

/** The list after `messages`: the last todo_write call whose result was not an error. */
export function latestTodos(messages: readonly Message[]): TodoItem[] | undefined {
  const pending = new Map<string, TodoItem[]>();
  let latest: TodoItem[] | undefined;
  for (const message of messages) {
    if (message.role === "assistant") {
      for (const call of message.tool_calls ?? []) {
        const items = call.name === TODO_TOOL ? readTodos(call.arguments) : undefined;
        if (items) pending.set(call.id, items);
      }
    } else if (message.role === "tool") {
      const items = pending.get(message.tool_call_id);
      if (items && message.is_error !== true) latest = items;
    }
  }
  return latest;
}

/** `2/5 done`. */
export function todoProgress(items: readonly TodoItem[]): string {
  const done = items.filter((item) => item.status === "completed").length;
  return `${done}/${items.length} done`;
}

const MARK: Record<TodoStatus, string> = { completed: "[x]", in_progress: "[>]", pending: "[ ]" };

/** The list as plain text lines: `[x] done`, `[>] doing`, `[ ] to do`. */
export function todoLines(items: readonly TodoItem[]): string[] {
  return items.map((item) => `${MARK[item.status]} ${item.content}`);
}

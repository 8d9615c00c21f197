// Follows the model's todo list through the event stream: a todo_write call that succeeded and
// changed the list yields the new list (print mode writes it to stderr, the terminal UI shows it).
import { readTodos, TODO_TOOL, type TodoItem } from "../messages/todos.js";
import type { ToolCall } from "../messages/types.js";

/** The part of an agent (or UI) event this looks at. */
interface ResultEvent {
  type: string;
  call?: Pick<ToolCall, "name" | "arguments">;
  message?: unknown;
}

export class TodoWatch {
  private last = "";

  constructor(initial?: readonly TodoItem[]) {
    if (initial) this.last = JSON.stringify(initial);
  }

  /** The new list when this event changed it, else undefined. */
  update(event: ResultEvent): TodoItem[] | undefined {
    if (event.type !== "tool_result" || event.call?.name !== TODO_TOOL) return undefined;
    if ((event.message as { is_error?: boolean | null } | undefined)?.is_error) return undefined;
    const items = readTodos(event.call.arguments);
    if (!items) return undefined;
    const key = JSON.stringify(items);
    if (key === this.last) return undefined;
    this.last = key;
    return items;
  }
}

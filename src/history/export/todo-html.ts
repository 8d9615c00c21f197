// The model's todo list in the HTML export: each todo_write call as the checklist it set (done
// items struck through), and the list as the session left it in the page's header.
import { latestTodos, readTodos, TODO_TOOL, type TodoItem, todoProgress } from "../../messages/todos.js";
import type { Message } from "../../messages/types.js";
import { escapeHtml } from "./assets.js";
import type { ToolExchange } from "./transcript.js";

export const TODO_CSS = `
ul.todos{list-style:none;padding:0;margin:6px 0}
ul.todos li{padding:1px 0}
ul.todos li .mark{display:inline-block;width:1.4em;color:var(--muted)}
ul.todos li.completed{color:var(--muted)}
ul.todos li.completed .mark{color:#2da44e}
ul.todos li.in_progress{font-weight:600}
ul.todos li.in_progress .mark{color:#bf8700}
section.todo-now{margin:0 0 24px}
section.todo-now>h2{font-size:13px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:0 0 4px}
`;

const MARK = { completed: "✔", in_progress: "◼", pending: "◻" } as const;

function listHtml(items: readonly TodoItem[]): string {
  const rows = items.map((item) => {
    const text = escapeHtml(item.content);
    return `<li class="todo ${item.status}"><span class="mark">${MARK[item.status]}</span>${item.status === "completed" ? `<s>${text}</s>` : text}</li>`;
  });
  return `<ul class="todos">${rows.join("")}</ul>`;
}

/** A todo_write call as its checklist (open), or undefined for any other call. */
export function todoCallHtml({ call, result }: ToolExchange): string | undefined {
  if (call.name !== TODO_TOOL || !result || result.is_error) return undefined;
  const items = readTodos(call.arguments);
  if (!items) return undefined;
  return `<details class="tool todo" open><summary>${TODO_TOOL} <span class="label">(${escapeHtml(call.id)} · ${todoProgress(items)})</span></summary><div>${listHtml(items)}</div></details>`;
}

/** The list as the session left it, for the top of the page ("" when the model kept none). */
export function currentTodosHtml(messages: readonly Message[]): string {
  const items = latestTodos(messages);
  if (!items || items.length === 0) return "";
  return `<section class="todo-now"><h2>Todo list · ${todoProgress(items)}</h2>${listHtml(items)}</section>`;
}

// The model's todo list as ACP's agent plan: after each todo_write call that succeeded, the whole
// list as a `plan` session update (the client replaces its plan with each one). ACP entries need a
// priority; todo_write has none, so every entry is "medium".
import type { SessionUpdate } from "@agentclientprotocol/sdk";
import { readTodos, TODO_TOOL } from "../messages/todos.js";
import type { ToolCall, ToolMessage } from "../messages/types.js";

export function planUpdate(call: ToolCall, result: ToolMessage): SessionUpdate | undefined {
  if (call.name !== TODO_TOOL || result.is_error === true) return undefined;
  const items = readTodos(call.arguments);
  if (!items) return undefined;
  return {
    sessionUpdate: "plan",
    entries: items.map((item) => ({ content: item.content, status: item.status, priority: "medium" })),
  };
}

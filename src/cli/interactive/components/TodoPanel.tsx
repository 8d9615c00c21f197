// The model's todo list, live under the spinner while a turn runs: done items struck through, the
// one in progress highlighted (in its "-ing" form), the rest plain. The list comes from the event
// stream (TodoWatch) and, for a loaded session, from its last successful todo_write call.
import { Box } from "ink";
import { useCallback, useRef, useState } from "react";
import { latestTodos, type TodoItem } from "../../../messages/todos.js";
import type { Message } from "../../../messages/types.js";
import { TodoWatch } from "../../todo-watch.js";
import { Text } from "./SafeText.js";

/** The current list, fed by every event of a turn; `reset` for another session. */
export function useTodos(messages: () => Message[]) {
  const [items, setItems] = useState<TodoItem[]>(() => latestTodos(messages()) ?? []);
  const watch = useRef(new TodoWatch(items));
  const onEvent = useCallback((event: Parameters<TodoWatch["update"]>[0]) => {
    const next = watch.current.update(event);
    if (next) setItems(next);
  }, []);
  const reset = useCallback((next: Message[]) => {
    const list = latestTodos(next) ?? [];
    watch.current = new TodoWatch(list);
    setItems(list);
  }, []);
  return { items, onEvent, reset };
}

export function TodoPanel({ items }: { items: readonly TodoItem[] }) {
  if (items.length === 0) return null;
  return (
    <Box flexDirection="column" paddingLeft={2}>
      {items.map((item, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole; position is identity
        <Box key={index}>
          <Text dimColor>{index === 0 ? "⎿ " : "  "}</Text>
          <TodoLine item={item} />
        </Box>
      ))}
    </Box>
  );
}

function TodoLine({ item }: { item: TodoItem }) {
  if (item.status === "completed") {
    return (
      <Text>
        <Text color="green">✔ </Text>
        <Text dimColor strikethrough>
          {item.content}
        </Text>
      </Text>
    );
  }
  if (item.status === "in_progress") {
    return (
      <Text>
        <Text color="yellow">◼ </Text>
        <Text bold>{item.activeForm ?? item.content}</Text>
      </Text>
    );
  }
  return <Text>◻ {item.content}</Text>;
}

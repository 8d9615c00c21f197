// The model's todo list, live under the spinner while a turn runs: done items struck through, the
// one in progress highlighted (in its "-ing" form), the rest plain. The controller keeps the list
// (app-turns.ts: from the event stream, and a loaded session's last todo_write call).
import { Box } from "ink";
import type { TodoItem } from "../../../messages/todos.js";
import { Text } from "./SafeText.js";

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

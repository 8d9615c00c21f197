import { Box, useInput } from "ink";
import { useMemo, useRef, useState } from "react";
import type { Message } from "../../../messages/types.js";
import { sanitizeForTerminal } from "../../sanitize.js";
import { windowStart } from "../picker-model.js";
import { Text } from "./SafeText.js";

export interface RewindPickerProps {
  messages: Message[];
  /** The index of the chosen user message and its text. */
  onSelect(index: number, text: string): void;
  onCancel(): void;
  height?: number;
  width?: number;
}

/** The user's messages, newest first: Enter forks the session just before the chosen one. */
export function RewindPicker({ messages, onSelect, onCancel, height = 10, width = 80 }: RewindPickerProps) {
  const rows = useMemo(
    () =>
      messages
        .map((m, index) => ({ index, text: m.role === "user" ? m.content : undefined }))
        .filter((r): r is { index: number; text: string } => r.text !== undefined)
        .reverse(),
    [messages],
  );
  const [selected, setSelected] = useState(0);
  const live = useRef(selected);
  live.current = selected;
  const start = useRef(0);
  useInput((_input, key) => {
    if (key.escape) return onCancel();
    if (key.return) {
      const row = rows[live.current];
      if (row) onSelect(row.index, row.text);
      return;
    }
    const move = (to: number) => {
      const next = Math.max(0, Math.min(rows.length - 1, to));
      live.current = next;
      setSelected(next);
    };
    if (key.upArrow) move(live.current - 1);
    else if (key.downArrow) move(live.current + 1);
  });
  start.current = windowStart(rows.length, selected, height, start.current);
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Rewind: continue in a copy from just before a message of yours</Text>
      {rows.slice(start.current, start.current + height).map((row, i) => {
        const isSelected = start.current + i === selected;
        const line = sanitizeForTerminal(`#${row.index}  ${row.text}`).replace(/\s+/g, " ");
        return (
          <Text key={row.index} color={isSelected ? "cyan" : undefined} wrap="truncate-end">
            {isSelected ? "❯ " : "  "}
            {line.slice(0, Math.max(10, width - 8))}
          </Text>
        );
      })}
      <Text dimColor>↑/↓ move · Enter rewind (your text goes back in the prompt) · Esc cancel</Text>
    </Box>
  );
}

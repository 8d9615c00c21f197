import { Box, useInput } from "ink";
import { useMemo, useRef, useState } from "react";
import type { Message } from "../../../messages/types.js";
import { sanitizeForTerminal } from "../../sanitize.js";
import { windowStart } from "../picker-model.js";
import { Text } from "./SafeText.js";

/** What /rewind puts back: the conversation (a copy from before the message), the files, or both. */
export type RewindScope = "both" | "files" | "conversation";

const SCOPES: { scope: RewindScope; label: string }[] = [
  { scope: "both", label: "Conversation and files" },
  { scope: "files", label: "Files only (stay in this conversation)" },
  { scope: "conversation", label: "Conversation only (files stay as they are)" },
];

export interface RewindPickerProps {
  messages: Message[];
  /** The index of the chosen user message, its text, and what to rewind. */
  onSelect(index: number, text: string, scope: RewindScope): void;
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
  // Second step: the message is chosen; which of the three rewinds.
  const [picked, setPicked] = useState<{ index: number; text: string } | undefined>(undefined);
  const pickedRef = useRef(picked);
  pickedRef.current = picked;
  const [scope, setScope] = useState(0);
  const liveScope = useRef(scope);
  liveScope.current = scope;
  useInput((_input, key) => {
    if (key.escape) return onCancel();
    const chosen = pickedRef.current;
    if (chosen) {
      if (key.return) return onSelect(chosen.index, chosen.text, SCOPES[liveScope.current]!.scope);
      const next = key.upArrow
        ? liveScope.current - 1
        : key.downArrow
          ? liveScope.current + 1
          : liveScope.current;
      liveScope.current = Math.max(0, Math.min(SCOPES.length - 1, next));
      setScope(liveScope.current);
      return;
    }
    if (key.return) {
      const row = rows[live.current];
      if (row) {
        pickedRef.current = row;
        setPicked(row);
      }
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
  if (picked) {
    return (
      <Box flexDirection="column" borderStyle="round" paddingX={1}>
        <Text bold>Rewind to before message #{picked.index}: what should go back?</Text>
        {SCOPES.map((option, i) => (
          <Text key={option.scope} color={i === scope ? "cyan" : undefined}>
            {i === scope ? "❯ " : "  "}
            {option.label}
          </Text>
        ))}
        <Text dimColor>↑/↓ move · Enter rewind · Esc cancel</Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Rewind: pick a message of yours (then: conversation, files, or both)</Text>
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
      <Text dimColor>↑/↓ move · Enter choose · Esc cancel</Text>
    </Box>
  );
}

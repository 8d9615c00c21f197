import { Box, useInput } from "ink";
import { useMemo, useRef, useState } from "react";
import type { ModelChoice } from "../model-command.js";
import { windowStart } from "../picker-model.js";
import { PickerHeader } from "./PickerHeader.js";
import { Text } from "./SafeText.js";

export interface ModelPickerProps {
  choices: ModelChoice[];
  onSelect(id: string): void;
  onCancel(): void;
  height?: number;
}

/** ↑/↓ move, typing filters, Enter switches, Esc cancels; the current model is marked (current). */
export function ModelPicker({ choices, onSelect, onCancel, height = 10 }: ModelPickerProps) {
  const [query, setQuery] = useState("");
  const initial = Math.max(
    0,
    choices.findIndex((c) => c.current),
  );
  const [selected, setSelected] = useState(initial);
  const start = useRef(0);
  const matches = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return words.length === 0
      ? choices
      : choices.filter((c) => words.every((w) => c.label.toLowerCase().includes(w)));
  }, [choices, query]);
  const live = useRef({ query, selected, matches });
  live.current = { query, selected, matches };

  useInput((input, key) => {
    const now = live.current;
    if (key.escape || (key.ctrl && input === "c")) return onCancel();
    if (key.return) {
      const chosen = now.matches[now.selected];
      if (chosen) onSelect(chosen.id);
      return;
    }
    const move = (to: number) => {
      const next = Math.max(0, Math.min(now.matches.length - 1, to));
      live.current = { ...now, selected: next };
      setSelected(next);
    };
    if (key.upArrow) return move(now.selected - 1);
    if (key.downArrow) return move(now.selected + 1);
    let next = now.query;
    if (key.backspace || key.delete) next = now.query.slice(0, -1);
    else if (!key.ctrl && !key.meta && input && !/[\r\n\t]/.test(input)) next = now.query + input;
    if (next === now.query) return;
    live.current = { ...now, query: next, selected: 0 };
    setQuery(next);
    setSelected(0);
  });

  start.current = windowStart(matches.length, selected, height, start.current);
  const rows = matches.slice(start.current, start.current + height);
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <PickerHeader title={"Switch model"} query={query} shown={matches.length} total={choices.length} />
      {rows.length === 0 ? <Text dimColor>No model matches.</Text> : null}
      {rows.map((c, i) => {
        const isSelected = start.current + i === selected;
        return (
          <Text key={c.id} color={isSelected ? "cyan" : undefined} wrap="truncate-end">
            {isSelected ? "❯ " : "  "}
            {c.label}
            {c.current ? <Text color="green"> (current)</Text> : null}
          </Text>
        );
      })}
      <Text dimColor>↑/↓ move · type to filter · Enter switch · Esc cancel</Text>
    </Box>
  );
}

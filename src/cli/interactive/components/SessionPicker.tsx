import { Box, useInput } from "ink";
import { useMemo, useRef, useState } from "react";
import type { SessionSummary } from "../../../sessions/summary.js";
import { sanitizeForTerminal } from "../../sanitize.js";
import { filterEntries, toEntries, windowStart } from "../picker-model.js";
import { PickerHeader } from "./PickerHeader.js";
import { Text } from "./SafeText.js";

export interface SessionPickerProps {
  sessions: SessionSummary[];
  onSelect(id: string): void;
  onCancel(): void;
  /** Rows shown at once (only these are rendered). */
  height?: number;
  width?: number;
  /** Default "Resume a session". */
  title?: string;
}

/** Arrow keys move, typing filters (id, name, tag, first message), Enter loads, Esc cancels. */
export function SessionPicker({
  sessions,
  onSelect,
  onCancel,
  height = 10,
  width = 80,
  title,
}: SessionPickerProps) {
  const entries = useMemo(() => toEntries(sessions), [sessions]);
  const [query, setQuery] = useState("");
  const [selected, setSelected] = useState(0);
  const start = useRef(0);
  const matches = useMemo(() => filterEntries(entries, query), [entries, query]);
  const live = useRef({ query, selected, matches });
  live.current = { query, selected, matches };

  useInput((input, key) => {
    const now = live.current;
    if (key.escape || (key.ctrl && input === "c")) return onCancel();
    if (key.return) {
      const chosen = now.matches[now.selected];
      if (chosen) onSelect(chosen.summary.id);
      return;
    }
    const move = (to: number) => {
      const next = Math.max(0, Math.min(now.matches.length - 1, to));
      live.current = { ...now, selected: next };
      setSelected(next);
    };
    if (key.upArrow) return move(now.selected - 1);
    if (key.downArrow) return move(now.selected + 1);
    if (key.pageUp) return move(now.selected - height);
    if (key.pageDown) return move(now.selected + height);
    let nextQuery = now.query;
    if (key.backspace || key.delete) nextQuery = now.query.slice(0, -1);
    else if (key.ctrl && input === "u") nextQuery = "";
    else if (!key.ctrl && !key.meta && input && !/[\r\n\t]/.test(input)) nextQuery = now.query + input;
    if (nextQuery === now.query) return;
    const nextMatches = filterEntries(entries, nextQuery);
    live.current = { query: nextQuery, selected: 0, matches: nextMatches };
    setQuery(nextQuery);
    setSelected(0);
  });

  start.current = windowStart(matches.length, selected, height, start.current);
  const rows = matches.slice(start.current, start.current + height);
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <PickerHeader
        title={title ?? "Resume a session"}
        query={query}
        shown={matches.length}
        total={sessions.length}
      />
      {rows.length === 0 ? <Text dimColor>No session matches.</Text> : null}
      {rows.map((entry, i) => {
        const s = entry.summary;
        const isSelected = start.current + i === selected;
        const label = s.metadata?.name || s.first_message || "";
        const tags = s.metadata?.tags?.length ? ` [${s.metadata.tags.join(", ")}]` : "";
        const count = s.message_count >= 0 ? `  ${s.message_count} msgs` : "";
        const line = `${s.id}  ${s.updated_at}${count}  ${label}${tags}`;
        const clean = sanitizeForTerminal(line).replace(/\s+/g, " ");
        return (
          <Text key={s.id + s.path} color={isSelected ? "cyan" : undefined} wrap="truncate-end">
            {isSelected ? "❯ " : "  "}
            {clean.slice(0, Math.max(10, width - 8))}
          </Text>
        );
      })}
      <Text dimColor>↑/↓ move · type to filter · Enter load · Esc cancel</Text>
    </Box>
  );
}

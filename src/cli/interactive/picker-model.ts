// The session picker's logic: filter by id, name, tag or first message, and a scrolling window so
// only a screenful of rows is ever rendered, however many sessions there are.
import type { SessionSummary } from "../../sessions/summary.js";

export interface PickerEntry {
  summary: SessionSummary;
  /** Lower-case text searched by the filter, built once per session. */
  haystack: string;
}

export function toEntries(sessions: SessionSummary[]): PickerEntry[] {
  return sessions.map((summary) => ({
    summary,
    haystack: [
      summary.id,
      summary.metadata?.name ?? "",
      ...(summary.metadata?.tags ?? []),
      summary.first_message ?? "",
    ]
      .join("\u0000")
      .toLowerCase(),
  }));
}

/** Entries containing every word of the query (order-free), in their original (newest first) order. */
export function filterEntries(entries: PickerEntry[], query: string): PickerEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return entries;
  return entries.filter((e) => words.every((w) => e.haystack.includes(w)));
}

/** The first row to show so `selected` stays visible in a window of `height` rows. */
export function windowStart(total: number, selected: number, height: number, previousStart = 0): number {
  if (total <= height) return 0;
  let start = previousStart;
  if (selected < start) start = selected;
  if (selected >= start + height) start = selected - height + 1;
  return Math.max(0, Math.min(start, total - height));
}

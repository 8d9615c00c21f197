// How sessions look in `agenix sessions list`: the spec's `• <id> - <created_at>` first.
import type { SessionSummary } from "../../sessions/format.js";
import { plain } from "./context.js";

function messages(count: number): string {
  return `${count} message${count === 1 ? "" : "s"}`;
}

function preview(text: string, max = 60): string {
  const oneLine = plain(text).replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** `• 20240101_120000 - 2024-01-01T12:00:00Z  Refactoring auth  [python]  (12 messages)` */
export function summaryLine(summary: SessionSummary, options: { showDir?: boolean } = {}): string {
  const parts = [`• ${summary.id} - ${summary.created_at}`];
  const name = summary.metadata?.name;
  if (name) parts.push(preview(name));
  else if (summary.first_message) parts.push(`"${preview(summary.first_message, 50)}"`);
  const tags = summary.metadata?.tags;
  if (tags?.length) parts.push(`[${tags.map((t) => plain(t)).join(", ")}]`);
  parts.push(`(${messages(summary.message_count)})`);
  if (options.showDir) parts.push(plain(summary.working_dir));
  return parts.join("  ");
}

/** The stable JSON shape of a listed session. */
export function summaryJson(summary: SessionSummary) {
  return {
    id: summary.id,
    working_dir: summary.working_dir,
    model: summary.model,
    created_at: summary.created_at,
    updated_at: summary.updated_at,
    metadata: summary.metadata,
    message_count: summary.message_count,
    first_message: summary.first_message ?? null,
    path: summary.path,
  };
}

// How sessions look in `agenix sessions list`: the spec's `• <id> - <created_at>` first.
import { agentName, parentLink } from "../../messages/subagent-link.js";
import type { SessionSummary } from "../../sessions/summary.js";
import { sanitizeForTerminal } from "../sanitize.js";

function messages(count: number): string {
  return `${count} message${count === 1 ? "" : "s"}`;
}

const NOT_ONE_LINE = /\s\s|[^\S ]|^\s|\s$/;

function preview(text: string, max = 60): string {
  const cleaned = sanitizeForTerminal(text);
  // Skips building a new string when there is no whitespace to collapse (the common case).
  const oneLine = NOT_ONE_LINE.test(cleaned) ? cleaned.replace(/\s+/g, " ").trim() : cleaned;
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** `• 20240101_120000 - 2024-01-01T12:00:00Z  Refactoring auth  [python]  (12 messages)` */
export function summaryLine(summary: SessionSummary, options: { showDir?: boolean } = {}): string {
  // Built by concatenation, not an array join: `sessions list` renders 10,000 of these.
  let line = `• ${summary.id} - ${summary.created_at}`;
  const name = summary.metadata?.name;
  if (name) line += `  ${preview(name)}`;
  else if (summary.first_message) line += `  "${preview(summary.first_message, 50)}"`;
  const tags = summary.metadata?.tags;
  if (tags?.length) line += `  [${tags.map((t) => sanitizeForTerminal(t)).join(", ")}]`;
  line += `  (${messages(summary.message_count)})`;
  const parent = parentLink(summary.metadata);
  if (parent)
    line += `  ↳ ${sanitizeForTerminal(agentName(summary.metadata) || "subagent")} of ${sanitizeForTerminal(parent.session_id)}`;
  if (options.showDir) line += `  ${sanitizeForTerminal(summary.working_dir)}`;
  return line;
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

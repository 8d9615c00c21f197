// How a tool call reads on one line: `⏺ bash(ls -la)`; and its result summary `⎿ 12 lines`.
import type { ToolCall } from "../../sessions/format.js";
import { sanitizeForTerminal } from "./sanitize-for-terminal.js";

const MAIN_ARGUMENT: Record<string, string> = {
  bash: "command",
  read: "file_path",
  write: "file_path",
  edit: "file_path",
  grep: "pattern",
  glob: "pattern",
};

/** The call's most telling argument, on one line, cut to `max` characters. */
export function shortArgs(call: Pick<ToolCall, "name" | "arguments">, max = 60): string {
  const key = MAIN_ARGUMENT[call.name];
  const value = key !== undefined ? call.arguments[key] : undefined;
  const raw = typeof value === "string" ? value : JSON.stringify(call.arguments ?? {});
  const oneLine = sanitizeForTerminal(raw)
    .replace(/\s*\n\s*/g, " ⏎ ")
    .trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** A result's one-line summary: the tool's own, else a line count. */
export function resultSummary(content: string, summary?: string): string {
  if (summary) return sanitizeForTerminal(summary).split("\n")[0]!;
  const lines = content === "" ? 0 : content.replace(/\n$/, "").split("\n").length;
  return `${lines} ${lines === 1 ? "line" : "lines"}`;
}

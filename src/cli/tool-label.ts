// `⏺ bash(ls -la)` and `⎿ 12 lines`: a tool call and its result in one short line each, shared by
// print mode's stderr and the terminal UI.
import type { ToolCall } from "../messages/types.js";
import { sanitizeForTerminal } from "./sanitize.js";

/** The argument that says most about a call, per tool; other tools show their first string argument. */
const MAIN_ARGUMENT: Record<string, string> = {
  bash: "command",
  read: "file_path",
  write: "file_path",
  edit: "file_path",
  grep: "pattern",
  glob: "pattern",
  web_fetch: "url",
};

function oneLine(text: string, max: number): string {
  const flat = sanitizeForTerminal(text).replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function toolArgsLabel(call: Pick<ToolCall, "name" | "arguments">, max = 80): string {
  const args = call.arguments ?? {};
  if (call.name === "todo_write" && Array.isArray(args.todos))
    return `${args.todos.length} ${args.todos.length === 1 ? "task" : "tasks"}`;
  const key = MAIN_ARGUMENT[call.name];
  let value = key !== undefined ? args[key] : undefined;
  if (typeof value !== "string") value = Object.values(args).find((v) => typeof v === "string");
  if (typeof value === "string") return oneLine(value, max);
  return Object.keys(args).length === 0 ? "" : oneLine(JSON.stringify(args), max);
}

export function toolCallLine(call: ToolCall): string {
  return `⏺ ${oneLine(call.name, 40)}(${toolArgsLabel(call)})`;
}

/** A result's one-line summary: the tool's own, else a line count of its output. */
export function resultSummary(content: string, summary?: string): string {
  if (summary) return oneLine(summary.split("\n")[0]!, 120);
  const lines = content === "" ? 0 : content.replace(/\n$/, "").split("\n").length;
  return `${lines} ${lines === 1 ? "line" : "lines"}`;
}

export function toolResultLine(summary: string): string {
  return `  ⎿ ${oneLine(summary, 120) || "done"}`;
}

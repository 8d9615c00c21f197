// `⏺ bash(ls -la)`: a tool call in one short line, for print mode's stderr and the terminal UI.
import type { ToolCall } from "../../sessions/format.js";
import { sanitizeForTerminal } from "../sanitize.js";

/** The argument that says most about a call, per tool; other tools show their first string argument. */
const MAIN_ARGUMENT: Record<string, string> = {
  bash: "command",
  read: "file_path",
  write: "file_path",
  edit: "file_path",
  grep: "pattern",
  glob: "pattern",
};

function oneLine(text: string, max: number): string {
  const flat = sanitizeForTerminal(text).replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function toolArgsLabel(call: ToolCall, max = 80): string {
  const args = call.arguments ?? {};
  const key = MAIN_ARGUMENT[call.name];
  let value = key !== undefined ? args[key] : undefined;
  if (typeof value !== "string") value = Object.values(args).find((v) => typeof v === "string");
  if (typeof value === "string") return oneLine(value, max);
  return Object.keys(args).length === 0 ? "" : oneLine(JSON.stringify(args), max);
}

export function toolCallLine(call: ToolCall): string {
  return `⏺ ${oneLine(call.name, 40)}(${toolArgsLabel(call)})`;
}

export function toolResultLine(summary: string): string {
  return `  ⎿ ${oneLine(summary, 120) || "done"}`;
}

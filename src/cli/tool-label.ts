// `⏺ bash(ls -la)` and `⎿ 12 lines`: a tool call and its result in one short line each, shared by
// print mode's stderr and the terminal UI. What a call is about comes from its tool's declarations
// (tools/call-display.ts), so a new tool needs nothing here.
import type { ToolCall } from "../messages/types.js";
import { callSubject } from "../tools/call-display.js";
import { sanitizeForTerminal } from "./sanitize.js";

function oneLine(text: string, max: number): string {
  const flat = sanitizeForTerminal(text).replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The `ls -la` of `bash(ls -la)`: the call's subject as its tool declares it, else its arguments as JSON. */
export function toolArgsLabel(call: Pick<ToolCall, "name" | "arguments">, max = 80): string {
  const args = call.arguments ?? {};
  const subject = callSubject(call);
  if (subject !== undefined) return oneLine(subject, max);
  return Object.keys(args).length === 0 ? "" : oneLine(JSON.stringify(args), max);
}

export function toolCallLine(call: ToolCall): string {
  return `⏺ ${oneLine(call.name, 40)}(${toolArgsLabel(call)})`;
}

/** A result's one-line summary: the tool's own, else a line count of its output. */
export function resultSummary(content: string, summary?: string): string {
  if (summary) return oneLine(summary.split("\n")[0]!, 120);
  // The bash tool's placeholder for a command that printed nothing (the model must get some text).
  if (content.trim() === "(no output)") return "no output";
  const lines = content === "" ? 0 : content.replace(/\n$/, "").split("\n").length;
  return `${lines} ${lines === 1 ? "line" : "lines"}`;
}

export function toolResultLine(summary: string): string {
  return `  ⎿ ${oneLine(summary, 120) || "done"}`;
}

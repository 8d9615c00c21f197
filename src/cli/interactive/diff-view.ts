// Inline diffs for edit and write: the unified diff in the tool's output (or, for a new file, its
// content) as numbered lines for the UI, and the `+N -M` summary, computed the same way live and
// when a session is loaded again.
import type { ToolCall } from "../../messages/types.js";
import { sanitizeForTerminal } from "../sanitize.js";

export interface DiffLine {
  kind: "add" | "del" | "ctx" | "hunk" | "note";
  /** The line's number in the new file (old file for a removed line). */
  number?: number;
  text: string;
}

export interface DiffView {
  lines: DiffLine[];
  added: number;
  removed: number;
}

/** Diff lines shown before folding (Ctrl+O shows the rest). */
export const FOLDED_DIFF_LINES = 12;

/** Parses the hunks of a unified diff found anywhere in `text` (after its ---/+++ header). */
export function parseUnifiedDiff(text: string): DiffView | undefined {
  const all = text.split("\n");
  const start = all.findIndex((line, i) => line.startsWith("--- ") && all[i + 1]?.startsWith("+++ "));
  if (start === -1) return undefined;
  const lines: DiffLine[] = [];
  let added = 0;
  let removed = 0;
  let oldNo = 0;
  let newNo = 0;
  for (const raw of all.slice(start + 2)) {
    const line = sanitizeForTerminal(raw);
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk) {
      oldNo = Number(hunk[1]);
      newNo = Number(hunk[2]);
      if (lines.length > 0) lines.push({ kind: "hunk", text: "⋮" });
    } else if (line.startsWith("+")) {
      added++;
      lines.push({ kind: "add", number: newNo++, text: line.slice(1) });
    } else if (line.startsWith("-")) {
      removed++;
      lines.push({ kind: "del", number: oldNo++, text: line.slice(1) });
    } else if (line.startsWith(" ")) {
      lines.push({ kind: "ctx", number: newNo, text: line.slice(1) });
      oldNo++;
      newNo++;
    } else if (line.startsWith("\\")) {
    } else if (line.trim() !== "") {
      lines.push({ kind: "note", text: line });
    }
  }
  return { lines, added, removed };
}

/** The diff to show for an edit or write call, or undefined for other tools and failures. */
export function diffForTool(
  call: Pick<ToolCall, "name" | "arguments">,
  output: string,
  isError: boolean,
): DiffView | undefined {
  if (isError || (call.name !== "edit" && call.name !== "write")) return undefined;
  const parsed = parseUnifiedDiff(output);
  if (parsed) return parsed;
  const content = call.arguments.content;
  if (call.name !== "write" || typeof content !== "string") return undefined;
  // A new file: every line is added.
  const body = content.endsWith("\n") ? content.slice(0, -1) : content;
  const lines: DiffLine[] =
    body === ""
      ? []
      : body.split("\n").map((text, i) => ({ kind: "add", number: i + 1, text: sanitizeForTerminal(text) }));
  return { lines, added: lines.length, removed: 0 };
}

export function diffSummary(view: DiffView): string {
  return `+${view.added} -${view.removed}`;
}

// Completed assistant text rendered as Markdown for the terminal (code blocks highlighted).
// The input is sanitised first: only the renderer's own styling reaches the terminal.
import { Marked } from "marked";
import { markedTerminal } from "marked-terminal";
import { sanitizeForTerminal } from "./sanitize-for-terminal.js";

let renderer: Marked | undefined;

export function renderMarkdown(text: string, width = 80): string {
  renderer ??= new Marked(markedTerminal({ width: Math.max(20, width - 2), reflowText: false, tab: 2 }));
  try {
    const out = renderer.parse(sanitizeForTerminal(text), { async: false }) as string;
    return out.replace(/\n+$/, "");
  } catch {
    // A renderer failure must not lose the answer: show it plain.
    return sanitizeForTerminal(text);
  }
}

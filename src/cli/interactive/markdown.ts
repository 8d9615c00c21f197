// Completed assistant text rendered as Markdown for the terminal (code blocks highlighted).
// The input is sanitised first: only the renderer's own styling reaches the terminal.
// marked-terminal pulls in a syntax highlighter (~0.3 s to import), so it loads in the background
// after the prompt is up; until then answers show as plain text.
import type { Marked } from "marked";
import { sanitizeForTerminal } from "../sanitize.js";

type Render = (text: string, width: number) => string;
let render: Render | undefined;
let loading: Promise<void> | undefined;

function preloadMarkdown(): Promise<void> {
  loading ??= Promise.all([import("marked"), import("./markdown-extension.js")]).then(
    ([{ Marked }, { terminalMarkdown }]) => {
      const byWidth = new Map<number, Marked<string, string>>();
      render = (text, width) => {
        let marked = byWidth.get(width);
        if (!marked) {
          marked = new Marked(terminalMarkdown(Math.max(20, width - 2)));
          byWidth.set(width, marked);
        }
        return (marked.parse(text, { async: false }) as string).replace(/\n+$/, "");
      };
    },
  );
  return loading;
}

/**
 * Resolves once the renderer is loaded (or failed to load: answers then stay plain). Awaited before a
 * finished answer or a loaded conversation goes into Ink's <Static>, which prints an item only once.
 */
export function markdownReady(): Promise<void> {
  return preloadMarkdown().catch(() => {});
}

export function renderMarkdown(text: string, width = 80): string {
  const clean = sanitizeForTerminal(text);
  if (!render) return clean;
  try {
    return render(clean, width);
  } catch {
    // A renderer failure must not lose the answer: show it plain.
    return clean;
  }
}

// One line of context around the first match, with the ranges of every match in it.

const CONTEXT = 70;

export interface Snippet {
  text: string;
  /** [start, end) character ranges of the matches inside `text`. */
  ranges: [number, number][];
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A matcher for whole words and phrases (case-insensitive), or the user's regex. */
export function matcherFor(words: string[], phrases: string[], regex?: RegExp): RegExp {
  if (regex) return new RegExp(regex.source, regex.flags.includes("g") ? regex.flags : `${regex.flags}g`);
  const parts = [
    ...phrases.map((p) => p.trim().split(/\s+/).map(escapeRegex).join("\\s+")),
    ...words.map((w) => `(?<![\\p{L}\\p{N}_])${escapeRegex(w)}(?![\\p{L}\\p{N}_])`),
  ].sort((a, b) => b.length - a.length);
  return new RegExp(parts.join("|"), "giu");
}

export function makeSnippet(text: string, matcher: RegExp): Snippet {
  matcher.lastIndex = 0;
  const first = matcher.exec(text);
  const at = first ? first.index : 0;
  let start = Math.max(0, at - CONTEXT);
  let end = Math.min(text.length, at + (first?.[0].length ?? 0) + CONTEXT);
  // Do not cut a surrogate pair.
  if (start > 0 && /[\udc00-\udfff]/.test(text[start] ?? "")) start--;
  if (end < text.length && /[\ud800-\udbff]/.test(text[end - 1] ?? "")) end++;
  const line = `${start > 0 ? "…" : ""}${text.slice(start, end)}${end < text.length ? "…" : ""}`
    // One line: control characters and newlines become spaces (same length keeps ranges valid).
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ");
  const ranges: [number, number][] = [];
  matcher.lastIndex = 0;
  for (const m of line.matchAll(matcher)) {
    if (m[0].length === 0) break;
    ranges.push([m.index, m.index + m[0].length]);
  }
  return { text: line, ranges };
}

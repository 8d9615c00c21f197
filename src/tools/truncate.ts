// Output truncation shared by every tool: keep the head and the tail, cut the middle with a marker
// that says how much went missing. defineTool() applies it once; bash builds the same shape from
// its bounded stream buffer so a huge output never has to sit in memory whole.

export const MAX_OUTPUT_CHARS = 30_000;
const MAX_OUTPUT_LINES = 2_000;

// Each half leaves room for the marker and a trailing line (e.g. bash's "Exit code: N"), so a result
// built from head + marker + tail is never truncated a second time.
const HALF_CHARS = Math.floor(MAX_OUTPUT_CHARS / 2) - 200;
const HALF_LINES = Math.floor(MAX_OUTPUT_LINES / 2) - 10;

/** Number of lines as a user counts them: a trailing newline does not start a new line. */
export function countLines(text: string): number {
  if (text === "") return 0;
  return countNewlines(text) + (text.endsWith("\n") ? 0 : 1);
}

export function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

function fitsOutputLimits(text: string): boolean {
  return text.length <= MAX_OUTPUT_CHARS && countLines(text) <= MAX_OUTPUT_LINES;
}

/** The first HALF_LINES lines of `text`, at most HALF_CHARS chars, ending on a line break when possible. */
export function takeHead(text: string): string {
  let end = 0;
  for (let line = 0; line < HALF_LINES && end < text.length; line++) {
    const nl = text.indexOf("\n", end);
    end = nl === -1 ? text.length : nl + 1;
  }
  if (end <= HALF_CHARS) return text.slice(0, end);
  const lastBreak = text.lastIndexOf("\n", HALF_CHARS - 1);
  return text.slice(0, lastBreak >= HALF_CHARS / 2 ? lastBreak + 1 : HALF_CHARS);
}

/** The last HALF_LINES lines of `text`, at most HALF_CHARS chars, starting on a line when possible. */
export function takeTail(text: string): string {
  let start = text.length;
  // A trailing newline ends the last line; it does not start an extra one.
  let searchFrom = text.endsWith("\n") ? text.length - 2 : text.length - 1;
  for (let line = 0; line < HALF_LINES && start > 0; line++) {
    const nl = searchFrom < 0 ? -1 : text.lastIndexOf("\n", searchFrom);
    start = nl + 1;
    searchFrom = nl - 1;
  }
  if (text.length - start <= HALF_CHARS) return text.slice(start);
  const minStart = text.length - HALF_CHARS;
  const firstBreak = text.indexOf("\n", minStart);
  const tooFar = firstBreak === -1 || firstBreak >= text.length - HALF_CHARS / 2;
  return text.slice(tooFar ? minStart : firstBreak + 1);
}

function truncationMarker(lines: number, chars: number): string {
  return `... [${lines} lines / ${chars} chars truncated] ...`;
}

/** Joins a head and a tail around a marker; `omitted*` count what lies between them. */
export function joinHeadTail(head: string, tail: string, omittedLines: number, omittedChars: number): string {
  const sep = head === "" || head.endsWith("\n") ? "" : "\n";
  return `${head}${sep}${truncationMarker(omittedLines, omittedChars)}\n${tail}`;
}

/** Returns `text` unchanged when it fits, else its head and tail around a marker. */
export function truncateOutput(text: string): string {
  if (fitsOutputLimits(text)) return text;
  const head = takeHead(text);
  const tail = takeTail(text);
  const middle = text.slice(head.length, text.length - tail.length);
  return joinHeadTail(head, tail, countLines(middle), middle.length);
}

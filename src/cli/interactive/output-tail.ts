// The last lines of a command's output, shown under its result line (Ctrl+O shows all of it): a few
// when it succeeded, more when it failed, where the error usually is.
import { stripVTControlCharacters } from "node:util";

export const TAIL_LINES_OK = 5;
export const TAIL_LINES_FAILED = 10;

export interface OutputTail {
  lines: string[];
  /** Earlier lines not shown. */
  hidden: number;
}

// The bash tool's own closing lines repeat what the result line already says.
const CLOSING = /^(?:Exit code: -?\d+|Command was interrupted|\(no output\))$/;

export function outputTail(output: string, failed: boolean): OutputTail {
  const lines = stripVTControlCharacters(output).replace(/\s+$/, "").split("\n");
  while (lines.length > 0 && (CLOSING.test(lines.at(-1)!.trim()) || lines.at(-1)!.trim() === "")) lines.pop();
  const max = failed ? TAIL_LINES_FAILED : TAIL_LINES_OK;
  const shown = lines.slice(-max);
  return { lines: shown, hidden: lines.length - shown.length };
}

// Model and tool text must never drive the terminal: an escape sequence could move the cursor,
// rewrite earlier lines, open links (OSC 8) or write to the clipboard (OSC 52).
import { stripVTControlCharacters } from "node:util";

// C0 controls except \t (0x09) and \n (0x0a), DEL, and the C1 range (U+0080..U+009F, e.g. U+009B CSI).
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text safe to write to a terminal: escape sequences and control bytes removed, \n and \t kept. */
export function sanitizeForTerminal(text: string): string {
  // Fast path: most text has nothing to strip.
  CONTROL_CHARS.lastIndex = 0;
  if (!CONTROL_CHARS.test(text)) return text;
  return stripVTControlCharacters(text.replace(/\r\n/g, "\n")).replace(CONTROL_CHARS, "");
}

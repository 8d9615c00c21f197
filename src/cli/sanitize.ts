// Model and session text must never drive the terminal: an escape sequence could move the cursor,
// rewrite earlier lines, open links (OSC 8) or write to the clipboard (OSC 52), and bidi controls
// can make text read differently from what it is ("Trojan Source"). This is the one sanitiser:
// CLI output goes through output.ts and interactive text through components/SafeText.tsx, both here.
import { stripVTControlCharacters } from "node:util";

// C0 controls except \t (0x09) and \n (0x0a), DEL, the C1 range (U+0080..U+009F, e.g. U+009B CSI),
// and the bidi embedding, override and isolate controls (U+202A..U+202E, U+2066..U+2069).
const UNSAFE_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text safe to write to a terminal: escape sequences and control bytes removed, \n and \t kept. */
export function sanitizeForTerminal(text: string): string {
  // Fast path: most text has nothing to strip.
  UNSAFE_CHARS.lastIndex = 0;
  if (!UNSAFE_CHARS.test(text)) return text;
  return stripVTControlCharacters(text.replace(/\r\n/g, "\n")).replace(UNSAFE_CHARS, "");
}

// In JSON text the same characters can be written as \u escapes: the data stays exactly the same for
// any JSON reader, and the terminal sees only ASCII. Whitespace between tokens (\t \n \r) is kept.
const UNSAFE_IN_JSON = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** JSON text with every terminal-unsafe character written as a \uXXXX escape (same data). */
export function escapeJsonForTerminal(json: string): string {
  UNSAFE_IN_JSON.lastIndex = 0;
  if (!UNSAFE_IN_JSON.test(json)) return json;
  return json.replace(UNSAFE_IN_JSON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

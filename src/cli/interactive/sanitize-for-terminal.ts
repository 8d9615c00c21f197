// Model and tool output must never drive the terminal: an OSC 52 sequence writes the user's
// clipboard, OSC 8 fakes links, CSI sequences move the cursor over what the user reads.
import { stripVTControlCharacters } from "node:util";

// C0 controls except \t (09) and \n (0a), DEL, and the C1 range (which some terminals obey as ESC [ ...).
const CONTROL_BYTES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text safe to print: escape sequences and control bytes removed, \n and \t kept, \r\n -> \n. */
export function sanitizeForTerminal(text: string): string {
  return stripVTControlCharacters(text.replace(/\r\n/g, "\n")).replace(CONTROL_BYTES, "");
}

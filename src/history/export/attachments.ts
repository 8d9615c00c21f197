// A user message as the terminal shows it: what the user typed, then each attached file (`@path`)
// and each `!command` the user ran, which the message carries after ATTACHMENT_MARKER as
// `<attached-file path=".." type="file|directory">` and `<attached-command command=".." [status=".."]>`
// blocks. Exports render each as a collapsible block with the content fenced.
import { typedText, type UserMessage, userText } from "../../messages/types.js";

export interface Attached {
  /** `@src/app.ts`, `@docs/ (directory)`, `! npm test`. */
  title: string;
  body: string;
  failed: boolean;
}

const BLOCK = /<attached-(file|command)((?: [a-z]+=(?:"(?:[^"\\]|\\.)*"))*)>\n([\s\S]*?)\n<\/attached-\1>/g;
const ATTRIBUTE = / ([a-z]+)=("(?:[^"\\]|\\.)*")/g;
const COMMAND_PREAMBLE = "The user ran this command themselves; its output:\n";

function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(ATTRIBUTE)) {
    try {
      out[m[1]!] = JSON.parse(m[2]!);
    } catch {
      out[m[1]!] = m[2]!.slice(1, -1);
    }
  }
  return out;
}

export function userParts(message: Pick<UserMessage, "content">): { typed: string; attached: Attached[] } {
  const all = userText(message);
  const typed = typedText(message);
  const attached: Attached[] = [];
  for (const m of all.slice(typed.length).matchAll(BLOCK)) {
    const attrs = attributes(m[2]!);
    if (m[1] === "file") {
      const directory = attrs.type === "directory";
      attached.push({
        title: `@${attrs.path ?? "?"}${directory ? " (directory)" : ""}`,
        body: m[3]!,
        failed: false,
      });
    } else {
      const body = m[3]!.startsWith(COMMAND_PREAMBLE) ? m[3]!.slice(COMMAND_PREAMBLE.length) : m[3]!;
      const status = attrs.status ? ` (${attrs.status})` : "";
      attached.push({
        title: `! ${attrs.command ?? "?"}${status}`,
        body,
        failed: attrs.status !== undefined,
      });
    }
  }
  // Text after the marker that is no block we know stays as typed text, so nothing is lost.
  if (attached.length === 0) return { typed: all, attached };
  return { typed, attached };
}

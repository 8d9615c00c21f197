// How search hits look on a terminal: one block per hit, the match highlighted.
import type { SearchHit } from "../../history/search/query-language.js";
import { sanitizeForTerminal } from "../sanitize.js";

const ON = "\u001b[1;33m";
const OFF = "\u001b[0m";

function highlight(snippet: string, ranges: [number, number][], color: boolean): string {
  if (!color || ranges.length === 0) return snippet;
  let out = "";
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at) continue;
    out += `${snippet.slice(at, start)}${ON}${snippet.slice(start, end)}${OFF}`;
    at = end;
  }
  return out + snippet.slice(at);
}

/**
 * `20240101_120000  2024-01-01 12:00  /home/user/project  "Refactor auth"`
 * `  user #3: …the flaky login test…`
 */
export function formatHits(hits: SearchHit[], color: boolean): string {
  let text = "";
  for (const hit of hits) {
    const date = hit.date ? hit.date.replace("T", " ").slice(0, 16) : "";
    const name = hit.name ? `  "${sanitizeForTerminal(hit.name)}"` : "";
    const where = hit.message_index === null ? "name/tags" : `${hit.role} #${hit.message_index}`;
    // Snippets carry no control characters (they are replaced by spaces when made).
    text += `${hit.id}  ${date}  ${sanitizeForTerminal(hit.working_dir)}${name}\n  ${where}: ${highlight(hit.snippet, hit.ranges, color)}\n\n`;
  }
  return text;
}

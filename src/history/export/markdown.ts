// `sessions export --format markdown`: a readable transcript. One heading per turn, tool calls as
// fenced JSON with their arguments, results as fenced text folded (<details>) after 20 lines.
import type { SessionData, UserMessage } from "../../messages/types.js";
import { userParts } from "./attachments.js";
import { argumentsText, FOLD_LINES, headerFacts, reasoningOf, type Step, turnsOf } from "./transcript.js";

/** A code fence longer than any backtick run inside `text`. */
function fence(text: string, lang = ""): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}${lang}\n${text}${text.endsWith("\n") || text === "" ? "" : "\n"}${ticks}`;
}

function folded(text: string): string {
  const lines = text.replace(/\n$/, "").split("\n");
  if (lines.length <= FOLD_LINES) return fence(text, "text");
  const rest = lines.slice(FOLD_LINES);
  return `${fence(lines.slice(0, FOLD_LINES).join("\n"), "text")}\n\n<details><summary>${rest.length} more line${rest.length === 1 ? "" : "s"}</summary>\n\n${fence(rest.join("\n"), "text")}\n\n</details>`;
}

/** What the user typed, then each attached file or command output folded, in a fence. */
function userMarkdown(message: UserMessage): string {
  const { typed, attached } = userParts(message);
  const blocks = attached.map(
    (a) =>
      `<details><summary>${a.title.replace(/[<>&]/g, (c) => `&#${c.charCodeAt(0)};`)}</summary>\n\n${fence(a.body, "text")}\n\n</details>`,
  );
  return [typed, ...blocks].filter((part) => part !== "").join("\n\n");
}

const when = (timestamp: string | undefined) => (timestamp ? ` · ${timestamp}` : "");

function step(s: Step): string {
  if (s.kind === "user") return `### User${when(s.message.timestamp)}\n\n${userMarkdown(s.message)}`;
  if (s.kind === "orphan-result") {
    return `### Tool result \`${s.message.name}\`${when(s.message.timestamp)}\n\n${folded(s.message.content)}`;
  }
  const m = s.message;
  const parts = [`### Assistant${m.model ? ` (${m.model})` : ""}${when(m.timestamp)}`];
  const reasoning = reasoningOf(m);
  if (reasoning) parts.push(`<details><summary>Reasoning</summary>\n\n${reasoning}\n\n</details>`);
  const text = m.content.map((b) => b.text).join("");
  if (text) parts.push(text);
  for (const { call, result } of s.tools) {
    parts.push(
      `**Tool call** \`${call.name}\` (\`${call.id}\`)\n\n${fence(argumentsText(call.arguments), "json")}`,
    );
    if (result) {
      const label = result.is_error ? "Error" : "Result";
      parts.push(`**${label}** of \`${call.name}\`:\n\n${folded(result.content)}`);
    } else parts.push("_No result recorded._");
  }
  return parts.join("\n\n");
}

export async function sessionToMarkdown(session: SessionData): Promise<string> {
  const facts = await headerFacts(session);
  const t = facts.tokens;
  const cache =
    t.cache_read_tokens || t.cache_creation_tokens
      ? `, cache read ${t.cache_read_tokens}, cache write ${t.cache_creation_tokens}`
      : "";
  const header = [
    `# ${facts.title}`,
    "",
    `- Session: \`${facts.id}\``,
    `- Working directory: \`${facts.workingDir}\``,
    `- Model: ${facts.model}`,
    `- Created: ${facts.created} · Updated: ${facts.updated}`,
    `- Messages: ${facts.messages}`,
    `- Tokens: prompt ${t.prompt_tokens}, completion ${t.completion_tokens}${cache}, total ${t.total_tokens}`,
    `- Cost: ${facts.cost}`,
  ];
  const tags = session.metadata?.tags;
  if (tags?.length) header.push(`- Tags: ${tags.join(", ")}`);
  const body = turnsOf(session.messages).map(
    (turn) => `## Turn ${turn.number}\n\n${turn.steps.map(step).join("\n\n")}`,
  );
  return `${[header.join("\n"), ...body].join("\n\n")}\n`;
}

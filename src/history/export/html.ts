// `sessions export --format html`: one self-contained page (styles and scripts inline, a CSP that
// forbids every network request), Markdown rendered, code highlighted, tool calls collapsible,
// light and dark themes (the system's, or the toggle), and a header with the session's facts.
import { agentName, parentLink } from "../../messages/subagent-link.js";
import type { SessionData, UserMessage } from "../../messages/types.js";
import { BASE_CSS, escapeHtml, highlightCss, inlineScript, PAGE_CSP, THEME_TOGGLE } from "./assets.js";
import { userParts } from "./attachments.js";
import { highlightCode, markdownToHtml } from "./html-markdown.js";
import { currentTodosHtml, TODO_CSS, todoCallHtml } from "./todo-html.js";
import {
  argumentsText,
  FOLD_LINES,
  type HeaderFacts,
  headerFacts,
  reasoningOf,
  type Step,
  turnsOf,
} from "./transcript.js";

const EXPORT_CSS = `
section.turn{margin:0 0 28px}
section.turn>h2{font-size:13px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:0 0 8px}
.msg{border:1px solid var(--border);border-radius:8px;padding:10px 14px;margin:0 0 10px;background:var(--bg)}
.msg.user{background:var(--user)}
.msg .who{font-size:12px;color:var(--muted);margin-bottom:4px}
.msg .who b{color:var(--fg)}
.msg .body>:first-child{margin-top:0}.msg .body>:last-child{margin-bottom:0}
details.tool{border:1px solid var(--border);border-radius:6px;margin:8px 0;background:var(--card)}
details.tool>summary{cursor:pointer;padding:6px 10px;font:13px ui-monospace,SFMono-Regular,Menlo,monospace}
details.tool>div{padding:0 10px 8px}
details.tool.error>summary{color:var(--error)}
details.more>summary{cursor:pointer;color:var(--muted);font-size:12px}
details.reasoning{color:var(--muted);font-size:13px;margin-bottom:6px}
.label{font-size:12px;color:var(--muted);margin:6px 0 2px}
`;

function output(text: string): string {
  const lines = text.replace(/\n$/, "").split("\n");
  const head = `<pre><code>${escapeHtml(lines.slice(0, FOLD_LINES).join("\n"))}</code></pre>`;
  if (lines.length <= FOLD_LINES) return head;
  const rest = lines.slice(FOLD_LINES);
  return `${head}<details class="more"><summary>${rest.length} more line${rest.length === 1 ? "" : "s"}</summary><pre><code>${escapeHtml(rest.join("\n"))}</code></pre></details>`;
}

/** What the user typed, then each attached file or command output as a collapsible code block. */
function userHtml(message: UserMessage): string {
  const { typed, attached } = userParts(message);
  const blocks = attached.map(
    (a) =>
      `<details class="tool attached${a.failed ? " error" : ""}"><summary>${escapeHtml(a.title)}</summary><div>${output(a.body)}</div></details>`,
  );
  return (typed.trim() ? markdownToHtml(typed) : "") + blocks.join("");
}

const who = (label: string, extra: string | undefined, timestamp: string | undefined) =>
  `<div class="who"><b>${label}</b>${extra ? ` · ${escapeHtml(extra)}` : ""}${timestamp ? ` · <time>${escapeHtml(timestamp)}</time>` : ""}</div>`;

/** A task call's child: its whole conversation, folded, with an anchor the result links to. */
function subagentHtml(child: SessionData): string {
  const agent = agentName(child.metadata) || "subagent";
  const steps = turnsOf(child.messages)
    .flatMap((turn) => turn.steps)
    .map((step) => stepHtml(step, new Map()))
    .join("");
  return (
    `<details class="tool subagent" id="session-${escapeHtml(child.id)}"><summary>Subagent session ${escapeHtml(child.id)} <span class="label">(${escapeHtml(agent)} · ${child.messages.length} messages)</span></summary>` +
    `<div>${steps}</div></details>`
  );
}

function stepHtml(s: Step, children: ReadonlyMap<string, SessionData>): string {
  if (s.kind === "user") {
    return `<div class="msg user" id="m${s.index}">${who("User", undefined, s.message.timestamp)}<div class="body">${userHtml(s.message)}</div></div>`;
  }
  if (s.kind === "orphan-result") {
    return `<div class="msg tool" id="m${s.index}">${who("Tool result", s.message.name, s.message.timestamp)}${output(s.message.content)}</div>`;
  }
  const m = s.message;
  const parts: string[] = [];
  const reasoning = reasoningOf(m);
  if (reasoning)
    parts.push(
      `<details class="reasoning"><summary>Reasoning</summary>${markdownToHtml(reasoning)}</details>`,
    );
  const text = m.content.map((b) => b.text).join("");
  if (text) parts.push(`<div class="body">${markdownToHtml(text)}</div>`);
  for (const exchange of s.tools) {
    const todo = todoCallHtml(exchange);
    if (todo) {
      parts.push(todo);
      continue;
    }
    const { call, result } = exchange;
    const failed = result?.is_error === true;
    const status = result ? (failed ? "error" : "ok") : "no result";
    parts.push(
      `<details class="tool${failed ? " error" : ""}"><summary>${escapeHtml(call.name)} <span class="label">(${escapeHtml(call.id)} · ${status})</span></summary><div>` +
        `<div class="label">Arguments</div><pre><code class="hljs language-json">${highlightCode(argumentsText(call.arguments), "json")}</code></pre>` +
        (result ? `<div class="label">${failed ? "Error" : "Result"}</div>${output(result.content)}` : "") +
        "</div></details>",
    );
    const child = children.get(call.id);
    if (child) parts.push(subagentHtml(child));
  }
  return `<div class="msg assistant" id="m${s.index}">${who("Assistant", m.model ?? undefined, m.timestamp)}${parts.join("")}</div>`;
}

/** The parent a subagent's session names, and the subagents' sessions (links to their sections). */
function linkRows(session: SessionData, children: readonly SessionData[]): string {
  const rows: string[] = [];
  const parent = parentLink(session.metadata);
  if (parent)
    rows.push(
      `<dt>Subagent of</dt><dd>session ${escapeHtml(parent.session_id)} (${escapeHtml(agentName(session.metadata) || "subagent")}, task call ${escapeHtml(parent.tool_call_id)})</dd>`,
    );
  if (children.length > 0)
    rows.push(
      `<dt>Subagents</dt><dd>${children.map((c) => `<a href="#session-${escapeHtml(c.id)}">${escapeHtml(c.id)}</a>`).join(", ")}</dd>`,
    );
  return rows.length > 0 ? `<dl class="facts">${rows.join("")}</dl>` : "";
}

function factsHtml(facts: HeaderFacts, tags: string[] | undefined): string {
  const t = facts.tokens;
  const rows: [string, string][] = [
    ["Session", facts.id],
    ["Working directory", facts.workingDir],
    ["Model", facts.model],
    ["Created", facts.created],
    ["Updated", facts.updated],
    ["Messages", String(facts.messages)],
    [
      "Tokens",
      `prompt ${t.prompt_tokens} · completion ${t.completion_tokens} · cache read ${t.cache_read_tokens} · cache write ${t.cache_creation_tokens} · total ${t.total_tokens}`,
    ],
    ["Cost", facts.cost],
  ];
  if (tags?.length) rows.push(["Tags", tags.join(", ")]);
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${escapeHtml(v)}</dd>`).join("")}</dl>`;
}

/** A complete HTML document: `head` and `body` are trusted markup built by the callers here. */
export function page(title: string, head: string, body: string, script = ""): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title>
${head}
</head>
<body>
<button class="theme" type="button" title="Switch light and dark">◐ Theme</button>
<main>
${body}
</main>
<script>${inlineScript(THEME_TOGGLE)}${inlineScript(script)}</script>
</body>
</html>
`;
}

/** The page; `children` (its subagents' sessions) are shown under the task calls that started them. */
export async function sessionToHtml(
  session: SessionData,
  children: readonly SessionData[] = [],
): Promise<string> {
  const facts = await headerFacts(session);
  const byCall = new Map<string, SessionData>();
  for (const child of children) {
    const link = parentLink(child.metadata);
    if (link) byCall.set(link.tool_call_id, child);
  }
  const turns = turnsOf(session.messages)
    .map(
      (turn) =>
        `<section class="turn"><h2>Turn ${turn.number}</h2>${turn.steps.map((step) => stepHtml(step, byCall)).join("\n")}</section>`,
    )
    .join("\n");
  // The page's own rules after highlight.js's theme: code blocks take the page's colours and padding.
  const head = `<style>${highlightCss()}${BASE_CSS}${EXPORT_CSS}${TODO_CSS}</style>`;
  const body = `<header class="page"><h1>${escapeHtml(facts.title)}</h1>${factsHtml(facts, session.metadata?.tags ?? undefined)}${linkRows(session, children)}</header>\n${currentTodosHtml(session.messages)}${turns}`;
  return page(facts.title, head, body);
}

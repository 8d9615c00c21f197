// `agenix sessions show`: a session's conversation as readable text.

import { agentName, parentLink } from "../../messages/subagent-link.js";
import { readTodos, TODO_TOOL, todoLines, todoProgress } from "../../messages/todos.js";
import type { CompactionRecord, Message, SessionData, UserMessage } from "../../messages/types.js";
import type { SessionSummary } from "../../sessions/summary.js";
import { sanitizeForTerminal } from "../sanitize.js";

const MAX_TOOL_LINES = 20;

function clip(text: string, maxLines: number): string {
  const lines = text.replace(/\n$/, "").split("\n");
  if (lines.length <= maxLines) return lines.join("\n");
  const more = lines.length - maxLines;
  return `${lines.slice(0, maxLines).join("\n")}\n… ${more} more line${more === 1 ? "" : "s"} (--json shows everything)`;
}

function callText(name: string, args: Record<string, unknown>): string {
  const shown = Object.entries(args)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join(", ");
  return `⏺ ${name}(${shown.length > 200 ? `${shown.slice(0, 199)}…` : shown})`;
}

/** The user's text, with `[image path]` where an image block is. */
function userTextWithImages(message: UserMessage): string {
  if (typeof message.content === "string") return message.content;
  return message.content.map((b) => (b.type === "text" ? b.text : `[image ${b.path}]`)).join("\n");
}

function messageBlock(message: Message): string {
  const when = message.timestamp ? `  ${message.timestamp}` : "";
  if (message.role === "user") return `── user${when}\n${sanitizeForTerminal(userTextWithImages(message))}`;
  if (message.role === "assistant") {
    const text = message.content.map((block) => block.text).join("");
    const calls = (message.tool_calls ?? []).map((call) => {
      const todos = call.name === TODO_TOOL ? readTodos(call.arguments) : undefined;
      if (!todos) return callText(call.name, call.arguments);
      return [`⏺ ${TODO_TOOL} (${todoProgress(todos)})`, ...todoLines(todos).map((line) => `  ${line}`)].join(
        "\n",
      );
    });
    const body = [text, ...calls].filter((part) => part !== "").map(sanitizeForTerminal);
    return `── assistant${message.model ? ` (${message.model})` : ""}${when}\n${body.join("\n")}`;
  }
  const status = message.is_error ? " (error)" : "";
  return `── tool ${sanitizeForTerminal(message.name)}${status}${when}\n${clip(sanitizeForTerminal(message.content), MAX_TOOL_LINES)}`;
}

/** Where a compaction happened: the model saw its summary, then the messages from here on. */
function compactionBlock(record: CompactionRecord): string {
  const n = (v: number) => Math.round(v).toLocaleString("en-US");
  return (
    `══ compaction (${sanitizeForTerminal(String(record.trigger))}, ${sanitizeForTerminal(record.model)})  ${record.timestamp}\n` +
    `Earlier messages summarized: ${n(record.tokens_before)} -> ${n(record.tokens_after)} tokens. ` +
    "From here on the model saw this summary, then the messages below.\n" +
    clip(sanitizeForTerminal(record.summary), MAX_TOOL_LINES)
  );
}

/** A subagent's session names its parent; a parent lists its subagents' sessions (by task call). */
function linkLines(data: SessionData, children: readonly SessionSummary[]): string[] {
  const lines: string[] = [];
  const parent = parentLink(data.metadata);
  if (parent) {
    const agent = agentName(data.metadata) || "subagent";
    lines.push(
      `Subagent (${sanitizeForTerminal(agent)}) of session ${sanitizeForTerminal(parent.session_id)}, task call ${sanitizeForTerminal(parent.tool_call_id)}`,
    );
  }
  for (const child of children) {
    const link = parentLink(child.metadata);
    const agent = agentName(child.metadata) || "subagent";
    lines.push(
      `Subagent session: ${child.id} (${sanitizeForTerminal(agent)}, task call ${sanitizeForTerminal(link?.tool_call_id ?? "")})`,
    );
  }
  return lines;
}

export function formatConversation(data: SessionData, children: readonly SessionSummary[] = []): string {
  const header = [
    `Session ${data.id}${data.metadata?.name ? `  ${sanitizeForTerminal(data.metadata.name)}` : ""}`,
    `Working dir: ${sanitizeForTerminal(data.working_dir)}`,
    `Model: ${sanitizeForTerminal(data.model)}   Created: ${data.created_at}   Updated: ${data.updated_at}`,
  ];
  if (data.metadata?.tags?.length)
    header.push(`Tags: ${data.metadata.tags.map(sanitizeForTerminal).join(", ")}`);
  header.push(...linkLines(data, children));
  header.push(`Messages: ${data.messages.length}`);
  const compactions = data.compactions ?? [];
  if (compactions.length > 0) header.push(`Compactions: ${compactions.length}`);
  const markers = new Map<number, CompactionRecord[]>();
  for (const record of compactions) {
    const at = Math.min(record.first_kept_index, data.messages.length);
    markers.set(at, [...(markers.get(at) ?? []), record]);
  }
  const blocks: string[] = [];
  data.messages.forEach((message, i) => {
    for (const record of markers.get(i) ?? []) blocks.push(compactionBlock(record));
    blocks.push(messageBlock(message));
  });
  for (const record of markers.get(data.messages.length) ?? []) blocks.push(compactionBlock(record));
  return `${[header.join("\n"), ...blocks].join("\n\n")}\n`;
}

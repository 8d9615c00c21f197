// pi: `~/.pi/agent/sessions/--<cwd>--/<time>_<uuid>.jsonl`. The first line is the header
// `{type: "session", id, cwd, timestamp}`; then entries with `id` and `parentId` forming a tree
// (rewinds and /tree branches). The current branch is the path from the last entry to the root.
// `message` entries hold user, assistant (content blocks text / thinking / toolCall, usage,
// model) and toolResult messages, and `bashExecution` (a `!command` the user ran: the model sees
// it as user text unless `excludeFromContext`, pi's `!!`); `custom_message` entries (extensions'
// messages) reach the model as user text too; `compaction` and `branch_summary` entries hold
// summaries; `session_info` a name; `model_change` and others are skipped. Version 1 files had no
// ids: file order.
import path from "node:path";
import {
  argumentsObject,
  contentText,
  type ImportedSession,
  makeUsage,
  normalizeTimestamp,
  num,
  obj,
  parseJsonLines,
  SessionBuilder,
  type TranscriptText,
  toSession,
} from "./build.js";

type Entry = Record<string, unknown>;

function branch(entries: Entry[]): Entry[] {
  const byId = new Map<string, Entry>();
  for (const e of entries) if (typeof e.id === "string") byId.set(e.id, e);
  if (byId.size === 0) return entries;
  const leaf = [...entries].reverse().find((e) => typeof e.id === "string");
  const path: Entry[] = [];
  const seen = new Set<string>();
  let at = leaf;
  while (at && typeof at.id === "string" && !seen.has(at.id)) {
    seen.add(at.id);
    path.push(at);
    at = typeof at.parentId === "string" ? byId.get(at.parentId) : undefined;
  }
  return path.reverse();
}

export function importPi(text: TranscriptText, file: string): ImportedSession {
  const { items, bad } = parseJsonLines(text);
  const header = items.find((e) => e.type === "session") ?? {};
  const entries = branch(items.filter((e) => e.type !== "session"));
  const b = new SessionBuilder();
  let name: string | undefined;
  let model: string | undefined;
  for (const entry of entries) {
    const timestamp = normalizeTimestamp(entry.timestamp);
    switch (entry.type) {
      case "message": {
        const m = obj(entry.message);
        const ts = normalizeTimestamp(m.timestamp) ?? timestamp;
        if (m.role === "user") b.user(contentText(m.content), ts);
        else if (m.role === "assistant") {
          b.endAssistant();
          const usage = obj(m.usage);
          for (const block of Array.isArray(m.content) ? m.content : [m.content]) {
            const blk = obj(block);
            if (typeof block === "string") b.assistant({ text: block, timestamp: ts });
            else if (blk.type === "text") b.assistant({ text: String(blk.text ?? ""), timestamp: ts });
            else if (blk.type === "thinking")
              b.assistant({ reasoning: String(blk.thinking ?? ""), timestamp: ts });
            else if (blk.type === "toolCall") {
              b.assistant({
                toolCalls: [
                  {
                    id: String(blk.id ?? ""),
                    name: String(blk.name ?? "tool"),
                    arguments: argumentsObject(blk.arguments),
                  },
                ],
                timestamp: ts,
              });
            }
          }
          if (typeof m.model === "string") model = m.model;
          const input = num(usage.input) + num(usage.cacheRead) + num(usage.cacheWrite);
          b.assistant({
            timestamp: ts,
            model: typeof m.model === "string" ? m.model : undefined,
            usage: Object.keys(usage).length
              ? makeUsage(input, num(usage.output), num(usage.cacheRead), num(usage.cacheWrite))
              : undefined,
            stopReason: typeof m.stopReason === "string" ? m.stopReason : undefined,
          });
          b.endAssistant();
        } else if (m.role === "toolResult") {
          const id = String(m.toolCallId ?? "");
          b.tool(
            id,
            String(m.toolName ?? b.callName(id) ?? "tool"),
            contentText(m.content),
            m.isError === true,
            ts,
          );
        } else if (m.role === "bashExecution" && m.excludeFromContext !== true) {
          // `!command` run by the user in pi: shown to the model as user text.
          const exit =
            typeof m.exitCode === "number" && m.exitCode !== 0 ? `\n(exit code ${m.exitCode})` : "";
          b.user(`$ ${String(m.command ?? "")}\n${String(m.output ?? "")}${exit}`, ts);
        } else if (m.role === "custom") b.user(contentText(m.content), ts);
        break;
      }
      case "custom_message":
        b.user(contentText(entry.content), timestamp);
        break;
      case "compaction":
      case "branch_summary":
        b.compaction(String(entry.summary ?? ""), num(entry.tokensBefore) || undefined);
        break;
      case "session_info":
        if (typeof entry.name === "string") name = entry.name;
        break;
      case "model_change":
        if (typeof entry.modelId === "string") model = entry.modelId;
        break;
      default:
        break; // thinking_level_change, label, custom, custom_message and future entry types
    }
  }
  const fileId = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i.exec(
    path.basename(file),
  )?.[1];
  return toSession(b, {
    agent: "pi",
    path: file,
    sourceId: typeof header.id === "string" ? header.id : (fileId ?? path.basename(file, ".jsonl")),
    workingDir: typeof header.cwd === "string" ? header.cwd : "",
    model,
    name,
    skippedLines: bad,
  });
}

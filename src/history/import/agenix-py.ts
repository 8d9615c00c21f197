// The original (Python) Agenix: `./.agenix/<id>.jsonl` in the project. The first line is
// `{type: "session_header", session_id, created_at, version}`; then `{type: "message", timestamp,
// message}` lines whose message has role user | assistant | tool, content (a string or blocks:
// text, image {source}, reasoning {text, reasoning_id}, tool_call {id, name, arguments}),
// tool_calls [{id, name, arguments}], model, usage {input_tokens, output_tokens}, timestamp (epoch
// seconds). The file names no working directory: it is the folder that holds `.agenix/`.
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

export function importAgenixPy(text: TranscriptText, file: string): ImportedSession {
  const { items, bad } = parseJsonLines(text);
  const header = items.find((i) => i.type === "session_header") ?? {};
  const b = new SessionBuilder();
  let skipped = bad;
  for (const item of items) {
    if (item.type !== "message") {
      if (item.type !== "session_header") skipped++;
      continue;
    }
    const m = obj(item.message);
    const ts = normalizeTimestamp(m.timestamp) ?? normalizeTimestamp(item.timestamp);
    if (m.role === "user") b.user(contentText(m.content), ts);
    else if (m.role === "assistant") {
      b.endAssistant();
      const usage = obj(m.usage);
      const blocks = Array.isArray(m.content) ? m.content.map(obj) : [];
      const calls = [
        ...(Array.isArray(m.tool_calls) ? m.tool_calls.map(obj) : []),
        ...blocks.filter((blk) => blk.type === "tool_call"),
      ];
      const seen = new Set<string>();
      b.assistant({
        text:
          typeof m.content === "string"
            ? m.content
            : contentText(blocks.filter((blk) => blk.type === "text")),
        reasoning:
          contentText(blocks.filter((blk) => blk.type === "reasoning" && typeof blk.text === "string")) ||
          undefined,
        toolCalls: calls
          .filter((c) => !seen.has(String(c.id)) && seen.add(String(c.id)))
          .map((c) => ({
            id: String(c.id ?? ""),
            name: String(c.name ?? "tool"),
            arguments: argumentsObject(c.arguments),
          })),
        model: typeof m.model === "string" && m.model ? m.model : undefined,
        usage:
          num(usage.input_tokens) || num(usage.output_tokens)
            ? makeUsage(
                num(usage.input_tokens),
                num(usage.output_tokens),
                num(usage.cache_read_tokens),
                num(usage.cache_write_tokens),
              )
            : undefined,
        stopReason: typeof m.stop_reason === "string" ? m.stop_reason : undefined,
        timestamp: ts,
      });
      b.endAssistant();
    } else if (m.role === "tool") {
      b.tool(
        String(m.tool_call_id ?? ""),
        String(m.name ?? "tool"),
        contentText(m.content),
        m.is_error === true,
        ts,
      );
    } else skipped++;
  }
  const dir = path.dirname(path.resolve(file));
  return toSession(b, {
    agent: "agenix-py",
    path: file,
    sourceId: typeof header.session_id === "string" ? header.session_id : path.basename(file, ".jsonl"),
    workingDir: path.basename(dir) === ".agenix" ? path.dirname(dir) : dir,
    skippedLines: skipped,
  });
}

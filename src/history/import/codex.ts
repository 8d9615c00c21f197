// Codex CLI: `~/.codex/sessions/YYYY/MM/DD/rollout-<time>-<uuid>.jsonl`. Current files wrap every
// line as `{timestamp, type, payload}`: `session_meta` (id, cwd), `turn_context` (model, cwd),
// `response_item` (message, reasoning, function_call, function_call_output, custom_tool_call,
// local_shell_call, ...), `event_msg` (token_count usage; the rest repeats response items),
// `compacted` (a summary). Older files start with a bare meta object `{id, timestamp, ...}` and
// then hold the response items themselves, one per line (with `record_type: "state"` lines).
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

type Item = Record<string, unknown>;

/** User items Codex adds itself (environment and instructions), not typed by the user. */
const INJECTED = /^\s*<(environment_context|user_instructions|user_shell_command|turn_aborted)>/;

/**
 * The exit code in the header Codex puts before a command's output: `Exit code: N` (then
 * `Wall time`, `Output:`) for `shell_command`, `Process exited with code N` for `exec_command`.
 */
function headerExitCode(text: string): number | undefined {
  const end = text.indexOf("\nOutput:");
  // Without an `Output:` line only the first line can be the header.
  const header = end === -1 ? text.split("\n", 1)[0]! : text.slice(0, end);
  const match = /^(?:Exit code: |Process exited with code )(-?\d+)$/m.exec(header);
  return match ? Number(match[1]) : undefined;
}

function outputText(output: unknown): { text: string; isError: boolean } {
  if (typeof output === "string") {
    try {
      // 2025: `{"output": "...", "metadata": {"exit_code": N, "duration_seconds": S}}`.
      const parsed = JSON.parse(output);
      if (parsed && typeof parsed === "object" && typeof parsed.output === "string") {
        const exit = obj(parsed.metadata).exit_code;
        return { text: parsed.output, isError: typeof exit === "number" && exit !== 0 };
      }
    } catch {}
    const exit = headerExitCode(output);
    return { text: output, isError: exit !== undefined && exit !== 0 };
  }
  const o = obj(output);
  if (typeof o.content === "string") return { text: o.content, isError: o.success === false };
  return { text: contentText(output), isError: false };
}

export function importCodex(text: TranscriptText, file: string): ImportedSession {
  const { items, bad } = parseJsonLines(text);
  const b = new SessionBuilder();
  let sourceId: string | undefined;
  let cwd: string | undefined;
  let model: string | undefined;
  let fallbackTime: string | undefined;
  const names = new Map<string, string>();

  const responseItem = (item: Item, timestamp: string | undefined) => {
    const ts = timestamp ?? fallbackTime;
    switch (item.type) {
      case "message": {
        const text = contentText(item.content);
        if (item.role === "user") {
          if (!INJECTED.test(text)) b.user(text, ts);
        } else if (item.role === "assistant") b.assistant({ text, timestamp: ts, model });
        break;
      }
      case "reasoning": {
        const summary = Array.isArray(item.summary) ? contentText(item.summary) : "";
        if (summary) b.assistant({ reasoning: summary, timestamp: ts, model });
        break;
      }
      case "function_call":
      case "custom_tool_call":
      case "local_shell_call": {
        const id = String(item.call_id ?? item.id ?? "");
        const name = String(item.name ?? (item.type === "local_shell_call" ? "shell" : "tool"));
        const args =
          item.type === "function_call"
            ? argumentsObject(item.arguments)
            : item.type === "custom_tool_call"
              ? { input: item.input }
              : obj(item.action);
        names.set(id, name);
        b.assistant({ toolCalls: [{ id, name, arguments: args }], timestamp: ts, model });
        break;
      }
      case "function_call_output":
      case "custom_tool_call_output": {
        const id = String(item.call_id ?? "");
        const { text, isError } = outputText(item.output);
        b.tool(id, names.get(id) ?? "tool", text, isError, ts);
        break;
      }
      default:
        break; // web_search_call and future item types
    }
  };

  for (const [i, line] of items.entries()) {
    const timestamp = normalizeTimestamp(line.timestamp);
    if ("payload" in line && typeof line.type === "string") {
      const payload = obj(line.payload);
      switch (line.type) {
        case "session_meta":
          sourceId ??= typeof payload.id === "string" ? payload.id : undefined;
          cwd ??= typeof payload.cwd === "string" ? payload.cwd : undefined;
          fallbackTime ??= normalizeTimestamp(payload.timestamp) ?? timestamp;
          break;
        case "turn_context":
          if (typeof payload.model === "string") model = payload.model;
          cwd ??= typeof payload.cwd === "string" ? payload.cwd : undefined;
          break;
        case "response_item":
          responseItem(payload, timestamp);
          break;
        case "event_msg":
          if (payload.type === "token_count") {
            const last = obj(obj(payload.info).last_token_usage);
            if (Object.keys(last).length) {
              b.usageForLast(
                makeUsage(num(last.input_tokens), num(last.output_tokens), num(last.cached_input_tokens)),
              );
            }
          }
          break;
        case "compacted":
          b.compaction(String(payload.message ?? ""));
          break;
        default:
          break;
      }
      continue;
    }
    if (i === 0 && typeof line.id === "string" && line.type === undefined) {
      // The older format's first line: the session's own meta.
      sourceId = line.id;
      fallbackTime = normalizeTimestamp(line.timestamp);
      continue;
    }
    if (line.record_type === "state") continue;
    responseItem(line, timestamp);
  }
  const fileId = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i.exec(
    path.basename(file),
  )?.[1];
  return toSession(b, {
    agent: "codex",
    path: file,
    sourceId: sourceId ?? fileId ?? path.basename(file, ".jsonl"),
    workingDir: cwd ?? "",
    model,
    skippedLines: bad,
  });
}

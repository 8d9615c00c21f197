// Gemini CLI: `~/.gemini/tmp/<project hash>/chats/session-<time>-<id>.json`, one JSON object
// `{sessionId, projectHash, startTime, lastUpdated, messages: [...]}`. Messages have `type`
// user | gemini | info | error | warning; a gemini message carries `content`, `thoughts`, `tokens`
// {input, output, cached, thoughts, tool, total}, `model` and `toolCalls` with their results inline
// (`result` function responses, `resultDisplay`, `status`). The file names no working directory:
// it is read from `<project hash>/.project_root` when present, else given by the caller.
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  argumentsObject,
  contentText,
  type ImportedSession,
  makeUsage,
  normalizeTimestamp,
  num,
  obj,
  SessionBuilder,
  toSession,
} from "./build.js";

type Item = Record<string, unknown>;

function resultText(call: Item): string {
  if (typeof call.resultDisplay === "string" && call.resultDisplay) return call.resultDisplay;
  const parts: string[] = [];
  for (const part of Array.isArray(call.result) ? call.result : [call.result]) {
    const response = obj(obj(obj(part).functionResponse).response);
    if (typeof response.output === "string") parts.push(response.output);
    else if (typeof response.error === "string") parts.push(response.error);
    else if (Object.keys(response).length) parts.push(JSON.stringify(response));
  }
  return parts.join("\n");
}

/** The project directory Gemini CLI recorded next to the chats folder, if any. */
export function geminiProjectRoot(file: string): string | undefined {
  try {
    const root = readFileSync(path.join(path.dirname(path.dirname(file)), ".project_root"), "utf8").trim();
    return root || undefined;
  } catch {
    return undefined;
  }
}

export function importGemini(text: string, file: string, fallbackDir: string): ImportedSession {
  let record: Item;
  try {
    record = obj(JSON.parse(text));
  } catch {
    record = {};
  }
  const messages = Array.isArray(record.messages) ? record.messages : [];
  const b = new SessionBuilder();
  let skipped = Array.isArray(record.messages) ? 0 : 1;
  for (const raw of messages) {
    const m = obj(raw);
    const ts = normalizeTimestamp(m.timestamp);
    if (m.type === "user") b.user(contentText(m.content), ts);
    else if (m.type === "gemini") {
      b.endAssistant();
      const tokens = obj(m.tokens);
      const thoughts = Array.isArray(m.thoughts)
        ? m.thoughts.map((t) => [obj(t).subject, obj(t).description].filter(Boolean).join(": ")).join("\n")
        : "";
      const calls = (Array.isArray(m.toolCalls) ? m.toolCalls : []).map(obj);
      b.assistant({
        text: contentText(m.content),
        reasoning: thoughts || undefined,
        toolCalls: calls.map((c) => ({
          id: String(c.id ?? ""),
          name: String(c.name ?? "tool"),
          arguments: argumentsObject(c.args),
        })),
        model: typeof m.model === "string" ? m.model : undefined,
        usage: Object.keys(tokens).length
          ? makeUsage(num(tokens.input), num(tokens.output) + num(tokens.thoughts), num(tokens.cached))
          : undefined,
        timestamp: ts,
      });
      for (const c of calls) {
        b.tool(
          String(c.id ?? ""),
          String(c.name ?? "tool"),
          resultText(c),
          c.status === "error" || c.status === "cancelled",
          normalizeTimestamp(c.timestamp) ?? ts,
        );
      }
      b.endAssistant();
    } else if (m.type !== "info" && m.type !== "error" && m.type !== "warning") skipped++;
  }
  const fileId = path.basename(file, ".json");
  return toSession(b, {
    agent: "gemini",
    path: file,
    sourceId: typeof record.sessionId === "string" ? record.sessionId : fileId,
    workingDir: geminiProjectRoot(file) ?? fallbackDir,
    skippedLines: skipped,
  });
}

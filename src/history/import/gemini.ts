// Gemini CLI: `~/.gemini/tmp/<project>/chats/session-<time>-<id>.jsonl` (legacy: `.json`); how the
// records and patches fold into messages is in gemini-records.ts. Messages have `type`
// user | gemini | info | error | warning; a gemini message carries `content`, `thoughts`, `tokens`
// {input, output, cached, thoughts, tool, total}, `model` and `toolCalls` with their results inline
// (`result` function responses, `resultDisplay`, `status`). The file names no working directory:
// it is read from `<project>/.project_root` when present, else given by the caller. A user record
// made only of `functionResponse` parts repeats tool results already inline in the calls: skipped.
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
import { readGeminiRecords } from "./gemini-records.js";

type Item = Record<string, unknown>;

const functionResponse = (part: unknown) => obj(obj(part).functionResponse);

/** User records Gemini CLI writes from its own history: the function responses of the last turn. */
function onlyFunctionResponses(content: unknown): boolean {
  return (
    Array.isArray(content) &&
    content.length > 0 &&
    content.every((part) => Object.keys(functionResponse(part)).length > 0)
  );
}

function resultText(call: Item): string {
  if (typeof call.resultDisplay === "string" && call.resultDisplay) return call.resultDisplay;
  const parts: string[] = [];
  const all = Array.isArray(call.result) ? call.result : [call.result];
  // A synced result may hold the whole user turn: the responses of sibling calls too.
  const own = all.filter((part) => functionResponse(part).id === call.id);
  for (const part of own.length ? own : all) {
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
  const { metadata, messages, bad } = readGeminiRecords(text);
  const b = new SessionBuilder();
  let skipped = bad;
  for (const m of messages) {
    const ts = normalizeTimestamp(m.timestamp);
    if (m.type === "user") {
      if (!onlyFunctionResponses(m.content)) b.user(contentText(m.content), ts);
    } else if (m.type === "gemini") {
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
  const fileId = path.basename(file).replace(/\.jsonl?$/, "");
  return toSession(b, {
    agent: "gemini",
    path: file,
    sourceId: typeof metadata.sessionId === "string" ? metadata.sessionId : fileId,
    // The summary Gemini CLI writes for its session list names the session.
    name: typeof metadata.summary === "string" && metadata.summary.trim() ? metadata.summary : undefined,
    workingDir: geminiProjectRoot(file) ?? fallbackDir,
    skippedLines: skipped,
  });
}

// Pieces both providers share: parsing tool arguments, building the session's assistant message.

import { jsonDepth, MAX_ARGUMENT_DEPTH } from "../messages/json-depth.js";
import type { AssistantMessage, ThinkingBlock, ToolCall, Usage } from "../messages/types.js";
import { isoNow } from "../messages/types.js";

/** What one successful request produced, before it becomes a session message. */
export interface AttemptOutput {
  text: string;
  toolCalls: ToolCall[];
  usage: Usage;
  stopReason: string;
  /** Reasoning the model returned (kept in the message's `thinking` field). */
  thinking?: ThinkingBlock[];
}

/**
 * Tool arguments arrive as JSON text; the session keeps objects. Text that is not a JSON object is kept
 * verbatim under `_raw`, so the tool can report the problem to the model instead of the turn failing.
 */
export function parseToolArguments(json: string): Record<string, unknown> {
  if (json.trim() === "") return {};
  // Too deep to hand to anything recursive (saving, validation): kept as text, refused by the tool.
  if (jsonDepth(json, MAX_ARGUMENT_DEPTH) > MAX_ARGUMENT_DEPTH) return { _raw: json };
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value === "object" && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through: keep what the model wrote
  }
  return { _raw: json };
}

/**
 * Gives every call of one reply a distinct id: some local OpenAI-compatible servers send the same
 * id twice (or none), and a history with duplicate ids is refused with HTTP 400 on every later
 * request. A repeated id becomes `<id>_2`, `<id>_3`, ... (skipping ids the reply already uses).
 */
export function uniqueCallIds(calls: ToolCall[]): ToolCall[] {
  const taken = new Set<string>();
  const all = new Set(calls.map((c) => c.id));
  return calls.map((call) => {
    if (!taken.has(call.id)) {
      taken.add(call.id);
      return call;
    }
    let n = 2;
    while (taken.has(`${call.id}_${n}`) || all.has(`${call.id}_${n}`)) n++;
    const id = `${call.id}_${n}`;
    taken.add(id);
    return { ...call, id };
  });
}

export function assistantMessage(model: string, out: AttemptOutput): AssistantMessage {
  return {
    role: "assistant",
    content: out.text === "" ? [] : [{ type: "text", text: out.text }],
    ...(out.toolCalls.length > 0 ? { tool_calls: out.toolCalls } : {}),
    model,
    usage: out.usage,
    stop_reason: out.stopReason,
    ...(out.thinking && out.thinking.length > 0 ? { thinking: out.thinking } : {}),
    timestamp: isoNow(),
  };
}

/** What was streamed before an abort: text only, since unfinished tool calls cannot be run. */
export function partialMessage(model: string, text: string): AssistantMessage {
  return {
    role: "assistant",
    content: text === "" ? [] : [{ type: "text", text }],
    model,
    stop_reason: "aborted",
    timestamp: isoNow(),
  };
}

/** A short deterministic hash (FNV-1a, 32 bit) for rewriting ids the same way every time. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/** Raised when a stream ends cleanly but without its finish marker: treated like a dropped connection. */
export class IncompleteStreamError extends Error {
  constructor() {
    super("the stream ended before the model finished");
    this.name = "IncompleteStreamError";
  }
}

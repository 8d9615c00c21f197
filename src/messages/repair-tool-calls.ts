// Every tool call must have a result, or the provider rejects the next request. A session cut off
// while a tool ran (Ctrl-C, kill -9, crash) gets synthetic error results for the missing ones.
import { isoNow, type Message, type ToolMessage } from "./types.js";

export const INTERRUPTED_TOOL_RESULT =
  "Tool call was interrupted before it finished (agenix was stopped); no result.";

/**
 * Returns `messages` with a synthetic `is_error` tool result for every tool call that has none,
 * placed right after that assistant message's existing results. Returns the same array when
 * nothing is missing, so callers can cheaply tell whether anything changed. Without `timestamp`,
 * a synthetic result carries the time of the message just before it, so timestamps stay in order.
 */
export function repairDanglingToolCalls(messages: Message[], timestamp?: string): Message[] {
  let out: Message[] | undefined;
  let i = 0;
  while (i < messages.length) {
    const message = messages[i];
    i++;
    if (message.role !== "assistant" || !message.tool_calls?.length) {
      out?.push(message);
      continue;
    }
    const answered = new Set<string>();
    let j = i;
    while (j < messages.length && messages[j].role === "tool") {
      answered.add((messages[j] as ToolMessage).tool_call_id);
      j++;
    }
    const missing = message.tool_calls.filter((call) => !answered.has(call.id));
    if (missing.length === 0 && !out) continue;
    out ??= messages.slice(0, i - 1);
    out.push(message, ...messages.slice(i, j));
    for (const call of missing) {
      const result: ToolMessage = {
        role: "tool",
        tool_call_id: call.id,
        name: call.name,
        content: INTERRUPTED_TOOL_RESULT,
        is_error: true,
        timestamp: timestamp ?? messages[j - 1]?.timestamp ?? isoNow(),
      };
      out.push(result);
    }
    i = j;
  }
  return out ?? messages;
}

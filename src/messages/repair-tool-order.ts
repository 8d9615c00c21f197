// Histories that pass the schema but that providers reject with HTTP 400 for good: a tool result
// whose call id no assistant message made, a result placed before its call, and one reply with
// two calls of the same id (some local OpenAI-compatible servers send them). `sessions repair`
// fixes them here; the synthetic results for calls without one are repair-tool-calls.ts's job.
import type { AssistantMessage, Message, ToolMessage } from "./types.js";

export interface ToolOrderRepair {
  messages: Message[];
  /** Results moved to just after the assistant message that made their call. */
  moved: number;
  /** Results dropped: no assistant message made their call, or it already had a result. */
  dropped: number;
  /** Calls given a new id because an earlier call in the same reply had the same one. */
  renamed: number;
}

/** Makes every call id unique within its reply, renaming the matching results in order. */
function uniqueCallIds(messages: Message[]): { messages: Message[]; renamed: number } {
  let renamed = 0;
  const out: Message[] = [];
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    if (message.role !== "assistant" || !message.tool_calls?.length) {
      out.push(message);
      continue;
    }
    const seen = new Map<string, number>();
    const taken = new Set(message.tool_calls.map((c) => c.id));
    // For each original id, the ids its occurrences now have, in order.
    const renames = new Map<string, string[]>();
    const calls = message.tool_calls.map((call) => {
      const n = (seen.get(call.id) ?? 0) + 1;
      seen.set(call.id, n);
      let id = call.id;
      if (n > 1) {
        let k = n;
        while (taken.has(`${call.id}_${k}`)) k++;
        id = `${call.id}_${k}`;
        taken.add(id);
        renamed++;
      }
      renames.set(call.id, [...(renames.get(call.id) ?? []), id]);
      return id === call.id ? call : { ...call, id };
    });
    if (calls.every((c, k) => c === message.tool_calls?.[k])) {
      out.push(message);
      continue;
    }
    out.push({ ...message, tool_calls: calls } as AssistantMessage);
    const used = new Map<string, number>();
    while (i + 1 < messages.length && messages[i + 1].role === "tool") {
      const result = messages[++i] as ToolMessage;
      const ids = renames.get(result.tool_call_id);
      const n = used.get(result.tool_call_id) ?? 0;
      used.set(result.tool_call_id, n + 1);
      const id = ids?.[n];
      out.push(id && id !== result.tool_call_id ? { ...result, tool_call_id: id } : result);
    }
  }
  return { messages: out, renamed };
}

/**
 * Puts every tool result right after the assistant message that made its call (at most one result
 * per call) and drops results no call asked for. Returns the same array when nothing changed.
 */
export function repairToolOrder(input: Message[]): ToolOrderRepair {
  const { messages, renamed } = uniqueCallIds(input);
  // Where each call id was made (message index), and the first result for it that can stay.
  const callAt = new Map<string, number>();
  messages.forEach((m, i) => {
    if (m.role === "assistant")
      for (const c of m.tool_calls ?? []) if (!callAt.has(c.id)) callAt.set(c.id, i);
  });
  const resultsFor = new Map<number, ToolMessage[]>();
  const answered = new Set<string>();
  let moved = 0;
  let dropped = 0;
  let owner = -1; // the assistant message whose results directly follow
  messages.forEach((m, i) => {
    if (m.role === "assistant") owner = i;
    else if (m.role !== "tool") owner = -1;
    if (m.role !== "tool") return;
    const at = callAt.get(m.tool_call_id);
    if (at === undefined || answered.has(m.tool_call_id)) {
      dropped++;
      return;
    }
    answered.add(m.tool_call_id);
    if (at !== owner) moved++;
    const list = resultsFor.get(at) ?? [];
    list.push(m);
    resultsFor.set(at, list);
  });
  if (moved === 0 && dropped === 0) return { messages, moved, dropped, renamed };
  const out: Message[] = [];
  messages.forEach((m, i) => {
    if (m.role === "tool") return;
    out.push(m);
    const results = resultsFor.get(i);
    if (!results || m.role !== "assistant") return;
    // Results in the order of the calls.
    const order = new Map((m.tool_calls ?? []).map((c, k) => [c.id, k]));
    out.push(...results.sort((a, b) => (order.get(a.tool_call_id) ?? 0) - (order.get(b.tool_call_id) ?? 0)));
  });
  return { messages: out, moved, dropped, renamed };
}

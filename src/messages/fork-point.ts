// Where a session may be cut: a fork keeps messages [0, at) and must not separate a tool call from
// its result (the next request would be rejected). Pure, shared by the CLI's fork and the SDK's.
import type { Message } from "./types.js";

/** True when every tool call among the first `at` messages has its result among them too. */
export function isForkPoint(messages: readonly Message[], at: number): boolean {
  if (!Number.isInteger(at) || at < 0 || at > messages.length) return false;
  const open = new Set<string>();
  for (let i = 0; i < at; i++) {
    const m = messages[i]!;
    if (m.role === "assistant") for (const call of m.tool_calls ?? []) open.add(call.id);
    else if (m.role === "tool") open.delete(m.tool_call_id);
  }
  return open.size === 0;
}

/** The valid cut points nearest to `at` (one below and/or one above; the lower first). */
export function nearestForkPoints(messages: readonly Message[], at: number): number[] {
  const below = [];
  const above = [];
  for (let n = Math.min(at, messages.length); n >= 0; n--) {
    if (isForkPoint(messages, n)) {
      below.push(n);
      break;
    }
  }
  for (let n = Math.max(at, 0); n <= messages.length; n++) {
    if (isForkPoint(messages, n)) {
      above.push(n);
      break;
    }
  }
  return [...new Set([...below, ...above])];
}

/** Why `at` is not a valid cut, naming the nearest valid ones; undefined when it is valid. */
export function forkPointProblem(messages: readonly Message[], at: number): string | undefined {
  if (!Number.isInteger(at) || at < 0 || at > messages.length) {
    return `--at must be a whole number from 0 to ${messages.length} (the session has ${messages.length} messages)`;
  }
  if (isForkPoint(messages, at)) return undefined;
  const nearest = nearestForkPoints(messages, at);
  return (
    `cannot fork at ${at}: it would separate a tool call from its result. ` +
    `The nearest valid --at is ${nearest.join(" or ")}`
  );
}

// Where a compaction cuts: only just before a user message, so a tool call is never separated from
// its result, keeping as many recent messages as fit in `keepTokens` (and never fewer than the
// latest user message and what follows it).
import type { Message } from "../../messages/types.js";
import { messageChars, tokensOfChars } from "./estimate.js";

/**
 * The index of the first message to keep, or undefined when nothing before it can be summarized.
 * `from` is where the current context starts (the previous compaction's first kept index): the cut
 * is after it, so every compaction summarizes something new.
 */
export function chooseCut(
  messages: readonly Message[],
  from: number,
  keepTokens: number,
): number | undefined {
  let chars = 0;
  let best: number | undefined;
  let latest: number | undefined;
  for (let i = messages.length - 1; i > from; i--) {
    chars += messageChars(messages[i]!);
    if (messages[i]!.role !== "user") continue;
    latest ??= i;
    if (tokensOfChars(chars) <= keepTokens) best = i;
    else break;
  }
  return best ?? latest;
}

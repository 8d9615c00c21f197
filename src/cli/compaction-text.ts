// How a compaction is told to the user, shared by print mode, interactive mode and `sessions compact`.
import type { CompactionRecord } from "../messages/types.js";

const n = (value: number) => Math.round(value).toLocaleString("en-US");

function percent(tokens: number, window: number): string {
  return window > 0 ? ` (${Math.round((tokens / window) * 100)}%)` : "";
}

/** "Compacted the conversation (auto): 7,012 -> 1,204 tokens of a 8,000-token window; ..." */
export function compactionLine(record: CompactionRecord, contextWindow: number): string {
  const kept =
    record.message_count !== undefined ? record.message_count - record.first_kept_index : undefined;
  const keptText =
    kept !== undefined ? `, the latest ${kept} message${kept === 1 ? "" : "s"} kept word for word` : "";
  return (
    `Compacted the conversation (${record.trigger}): ${n(record.tokens_before)}${percent(record.tokens_before, contextWindow)} -> ` +
    `${n(record.tokens_after)}${percent(record.tokens_after, contextWindow)} tokens of a ${n(contextWindow)}-token window${keptText}. ` +
    "Every message stays in the session file."
  );
}

/** Shown before the summary request (interactive mode). */
export function compactionStartLine(
  trigger: string,
  reason: string,
  tokensBefore: number,
  contextWindow: number,
): string {
  const why =
    reason === "overflow"
      ? "the provider said the conversation is too long"
      : reason === "threshold"
        ? "the context window is nearly full"
        : "as asked";
  return `Compacting the conversation (${trigger}: ${why}): summarizing older messages, ${n(tokensBefore)}${percent(tokensBefore, contextWindow)} of ${n(contextWindow)} tokens in use...`;
}

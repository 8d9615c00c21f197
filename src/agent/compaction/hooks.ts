// What extensions (and SDK users) can plug into compaction: `beforeCompact` may cancel it or supply
// the summary itself; `onCompact` is told about every compaction once it is recorded.
import type { CompactionRecord, Message } from "../../messages/types.js";

export type CompactionTrigger = "auto" | "manual";

export interface BeforeCompactContext {
  trigger: CompactionTrigger;
  /** Why an automatic compaction runs: the estimate crossed the threshold, or the provider refused. */
  reason: "threshold" | "overflow" | "manual";
  /** `/compact <instructions>` or `session.compact({instructions})`. */
  instructions?: string;
  /** The messages about to be summarized (the previous summary covers what came before them). */
  messages: readonly Message[];
  previousSummary?: string;
  /** Index (in the session's messages) of the first message that will be kept as it is. */
  firstKeptIndex: number;
  tokensBefore: number;
  contextWindow: number;
  model: string;
  signal?: AbortSignal;
}

export interface BeforeCompactResult {
  /** Skip this compaction (a manual one then fails with a message saying so). */
  cancel?: boolean;
  /** Use this summary instead of asking the model. */
  summary?: string;
}

export interface CompactionHooks {
  beforeCompact?(
    context: BeforeCompactContext,
  ): BeforeCompactResult | undefined | void | Promise<BeforeCompactResult | undefined | void>;
  onCompact?(record: CompactionRecord): void | Promise<void>;
}

// Compaction: when the context the next request would send nears the model's window (or the provider
// says it is too long), the older messages are summarized by the same model and, from then on, what is
// sent is the system prompt, the summary (as a user message marked as such) and the recent messages.
// The session keeps every message; the compaction itself is a record in `compactions`.
import type { CompactionLimits, CompactionSettings } from "../../compaction-settings.js";
import { compactionLimits } from "../../compaction-settings.js";
import { BudgetExceededError, CompactionError, type ProviderError } from "../../errors.js";
import {
  assistantText,
  type CompactionRecord,
  isoNow,
  latestCompaction,
  type Message,
  type SessionData,
  type Usage,
} from "../../messages/types.js";
import { SUMMARY_SYSTEM_PROMPT, summaryMessageText, summaryRequest } from "../../prompts/compaction.js";
import type { Provider } from "../../providers/types.js";
import { chooseCut } from "./cut.js";
import { estimateContext, messagesTokens, sentFrom, tokensOfChars } from "./estimate.js";
import type { BeforeCompactContext, CompactionHooks, CompactionTrigger } from "./hooks.js";
import { transcriptText } from "./transcript.js";

/** Used when neither the settings nor the catalog know the model's window. */
export const FALLBACK_CONTEXT_WINDOW = 128_000;
/** A compaction must free at least this share of the context, or it stops with an error. */
export const MIN_FREED_SHARE = 0.05;

export interface CompactorOptions {
  settings: CompactionSettings;
  /** The catalog's window for a model (undefined: unknown). */
  contextWindowFor: (model: string, provider: string) => Promise<number | undefined>;
  hooks?: CompactionHooks;
  /** One-time notices (unknown window). */
  notice: (text: string) => void;
}

export interface CompactRun {
  data: SessionData;
  /**
   * The history from the session's message number `base` on (at least from the latest compaction's
   * first kept message): what can still be sent. Older messages are never needed.
   */
  messages: readonly Message[];
  base: number;
  model: string;
  provider: Provider;
  /** Characters of the system prompt and tool definitions. */
  fixedChars: number;
  trigger: CompactionTrigger;
  reason: BeforeCompactContext["reason"];
  instructions?: string;
  signal?: AbortSignal;
}

export interface ContextUsage {
  tokens: number;
  contextWindow: number;
  /** 0-100, rounded. */
  percent: number;
}

export class Compactor {
  private readonly windows = new Map<string, Promise<number | undefined>>();
  private readonly warned = new Set<string>();
  /**
   * Set when the provider refused a context as too long: the usage it reported is not the size of
   * what is sent (a local server's wrong or partial count), so from then on the estimate is the
   * characters of the request itself.
   */
  private usageDistrusted = false;

  constructor(private readonly options: CompactorOptions) {}

  get enabled(): boolean {
    return this.options.settings.enabled;
  }

  /** The window and the reserve/keep numbers in force for a model. */
  async limits(model: string, provider: string): Promise<CompactionLimits> {
    const known = await this.knownWindow(model, provider);
    return compactionLimits(this.options.settings, known ?? FALLBACK_CONTEXT_WINDOW);
  }

  /** The configured or catalog window; undefined when neither knows the model. */
  private knownWindow(model: string, provider: string): Promise<number | undefined> {
    const given = this.options.settings.contextWindow;
    if (given !== undefined) return Promise.resolve(given);
    let window = this.windows.get(model);
    if (!window) {
      window = this.options.contextWindowFor(model, provider).catch(() => undefined);
      this.windows.set(model, window);
    }
    return window;
  }

  /**
   * Says once per model that its window is assumed, when that starts to matter (the context passed
   * half of it, or a compaction runs): a short chat with a local model is not nagged.
   */
  private async noteAssumedWindow(model: string, provider: string): Promise<void> {
    if ((await this.knownWindow(model, provider)) !== undefined) return;
    if (!this.warned.has(model)) {
      this.warned.add(model);
      this.options.notice(
        `Note: the context window of ${model} is not in agenix's model catalog; assuming ${FALLBACK_CONTEXT_WINDOW.toLocaleString("en-US")} tokens. ` +
          "Set AGENIX_CONTEXT_WINDOW (settings: compaction.contextWindow) to the model's real window.",
      );
    }
  }

  /** What is sent for `messages` (from message number `base`): the latest summary, then the kept messages. */
  sent(data: Pick<SessionData, "compactions">, messages: Message[], base: number): Message[] {
    const compaction = latestCompaction(data);
    if (!compaction) return messages;
    const start = sentFrom(compaction, messages.length, base);
    const summary: Message = {
      role: "user",
      content: summaryMessageText(compaction.summary),
      timestamp: compaction.timestamp,
    };
    return [summary, ...messages.slice(start)];
  }

  async usage(
    data: Pick<SessionData, "compactions">,
    messages: readonly Message[],
    base: number,
    model: string,
    provider: string,
    fixedChars: number,
  ): Promise<ContextUsage> {
    const { contextWindow } = await this.limits(model, provider);
    const tokens = estimateContext(data, messages, fixedChars, base, !this.usageDistrusted).tokens;
    return { tokens, contextWindow, percent: Math.min(999, Math.round((tokens / contextWindow) * 100)) };
  }

  /** True when the next request would send more than window - reserve. */
  async due(run: Omit<CompactRun, "trigger" | "reason">): Promise<boolean> {
    if (!this.enabled) return false;
    const limits = await this.limits(run.model, run.provider.name);
    const { tokens } = estimateContext(
      run.data,
      run.messages,
      run.fixedChars,
      run.base,
      !this.usageDistrusted,
    );
    if (tokens > limits.contextWindow / 2) await this.noteAssumedWindow(run.model, run.provider.name);
    return tokens > limits.contextWindow - limits.reserveTokens;
  }

  /**
   * Summarizes everything before the cut and returns the record (not yet stored). Throws
   * CompactionError, leaving the session untouched, when there is nothing to summarize, a hook
   * cancels, the summary request fails, or the compaction would free under 5% of the context.
   * After the provider's context-length error (`reason: "overflow"`) the size is measured from the
   * request's characters, and the compaction goes ahead unless the kept messages alone exceed the
   * window: the provider has just said the whole does not fit, whatever the estimate says.
   */
  async compact(
    run: CompactRun,
    onStart?: (tokensBefore: number, contextWindow: number) => void,
  ): Promise<CompactionRecord> {
    const limits = await this.limits(run.model, run.provider.name);
    await this.noteAssumedWindow(run.model, run.provider.name);
    const previous = latestCompaction(run.data);
    const from = sentFrom(previous, run.messages.length, run.base);
    const cut = chooseCut(run.messages, from, limits.keepRecentTokens);
    const overflow = run.reason === "overflow";
    if (overflow) this.usageDistrusted = true;
    const tokensBefore = estimateContext(
      run.data,
      run.messages,
      run.fixedChars,
      run.base,
      !this.usageDistrusted,
    ).tokens;
    if (cut === undefined)
      throw new CompactionError(
        "Nothing to compact yet: the conversation since the last compaction is a single exchange. " +
          'If it does not fit in the context window, start a new session (agenix "...").',
        "nothing",
      );
    const older = run.messages.slice(from, cut);
    const keptTokens = messagesTokens(run.messages, cut);
    const keptWithFixed = tokensOfChars(run.fixedChars) + keptTokens;
    if (overflow) this.checkKeptFits(keptWithFixed, limits.contextWindow);
    else this.checkFreed(tokensBefore, keptWithFixed, limits.contextWindow);
    onStart?.(tokensBefore, limits.contextWindow);

    const context: BeforeCompactContext = {
      trigger: run.trigger,
      reason: run.reason,
      instructions: run.instructions,
      messages: older,
      previousSummary: previous?.summary,
      firstKeptIndex: run.base + cut,
      tokensBefore,
      contextWindow: limits.contextWindow,
      model: run.model,
      signal: run.signal,
    };
    const hooked = (await this.options.hooks?.beforeCompact?.(context)) ?? undefined;
    if (hooked?.cancel)
      throw new CompactionError("Compaction was cancelled by an extension (before_compact).", "cancelled");
    const { summary, usage } =
      hooked?.summary !== undefined
        ? { summary: hooked.summary, usage: undefined }
        : await this.summarize(run, older, previous?.summary, limits);

    const summaryTokens = tokensOfChars(summaryMessageText(summary).length);
    const tokensAfter = tokensOfChars(run.fixedChars) + summaryTokens + keptTokens;
    if (!overflow) this.checkFreed(tokensBefore, tokensAfter, limits.contextWindow);
    const record: CompactionRecord = {
      first_kept_index: run.base + cut,
      summary,
      tokens_before: tokensBefore,
      tokens_after: tokensAfter,
      model: run.model,
      ...(usage ? { usage } : {}),
      trigger: run.trigger,
      timestamp: isoNow(),
      message_count: run.base + run.messages.length,
    };
    return record;
  }

  private checkKeptFits(kept: number, contextWindow: number): void {
    if (kept <= contextWindow) return;
    throw new CompactionError(
      `The provider says the conversation is too long, and the most recent messages alone are about ${kept.toLocaleString("en-US")} tokens, more than the ${contextWindow.toLocaleString("en-US")}-token window: ` +
        'compacting cannot make them fit. Start a new session (agenix "..."), lower compaction.keepRecentTokens, ' +
        "or raise AGENIX_CONTEXT_WINDOW if the model's window is larger.",
      "too_little",
    );
  }

  private checkFreed(before: number, after: number, contextWindow: number): void {
    if (before - after >= before * MIN_FREED_SHARE) return;
    if (before <= contextWindow / 2)
      throw new CompactionError(
        `There is little to compact yet: the conversation is about ${before.toLocaleString("en-US")} tokens of a ` +
          `${contextWindow.toLocaleString("en-US")}-token window, and a summary would not make it smaller. Nothing was changed.`,
        "nothing",
      );
    const share = before > 0 ? Math.max(0, Math.round(((before - after) / before) * 100)) : 0;
    throw new CompactionError(
      `Compaction would free only ${share}% of the context (${before.toLocaleString("en-US")} -> ${after.toLocaleString("en-US")} tokens of a ${contextWindow.toLocaleString("en-US")}-token window): ` +
        'the most recent messages alone nearly fill it. Start a new session (agenix "..."), ' +
        "lower compaction.keepRecentTokens, or raise AGENIX_CONTEXT_WINDOW if the model's window is larger.",
      "too_little",
    );
  }

  private async summarize(
    run: CompactRun,
    older: readonly Message[],
    previousSummary: string | undefined,
    limits: CompactionLimits,
  ): Promise<{ summary: string; usage?: Usage }> {
    // The summary request must itself fit: the window less the answer's reserve, in characters.
    const budgetChars = Math.max(2_000, (limits.contextWindow - limits.reserveTokens) * 4 * 0.8 - 4_000);
    const transcript = transcriptText(older, budgetChars - (previousSummary?.length ?? 0));
    const request = summaryRequest({ transcript, previousSummary, instructions: run.instructions });
    let failure: ProviderError | undefined;
    try {
      for await (const event of run.provider.stream({
        model: run.model,
        systemPrompt: SUMMARY_SYSTEM_PROMPT,
        messages: [{ role: "user", content: request, timestamp: isoNow() }],
        tools: [],
        signal: run.signal,
      })) {
        if (event.type === "done") {
          const summary = assistantText(event.message).trim();
          if (summary === "") break;
          return { summary, usage: event.message.usage ?? undefined };
        }
        if (event.type === "error") {
          failure = event.error;
          break;
        }
      }
    } catch (error) {
      failure = error as ProviderError;
    }
    // Over budget is the run's stop, not a failed summary: the loop stops with it.
    if (failure instanceof BudgetExceededError) throw failure;
    const why = failure
      ? `the summary request failed: ${failure.message}`
      : "the model returned an empty summary";
    throw new CompactionError(
      `Compaction failed: ${why}. The session is unchanged (every message is saved); try again later, or /compact by hand.`,
      "failed",
    );
  }
}

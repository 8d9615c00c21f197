// Compaction wired to one AgentSession: the loop's context (what each request sends, compact when
// due, compact and retry once when the provider says the context is too long), manual compaction,
// and recording: the record goes into the session's `compactions` and is saved like any message.

import type { CompactionSettings } from "../../compaction-settings.js";
import { CompactionError, ContextWindowError, ProviderError } from "../../errors.js";
import {
  type CompactionRecord,
  latestCompaction,
  type Message,
  type SessionData,
} from "../../messages/types.js";
import type { Provider } from "../../providers/types.js";
import type { AgentEvent } from "../events.js";
import type { LoopContext } from "../loop.js";
import { Compactor, type ContextUsage } from "./compactor.js";
import { fixedCharsOf, sentFrom } from "./estimate.js";
import type { BeforeCompactContext, CompactionHooks, CompactionTrigger } from "./hooks.js";

export interface DriverHost {
  data(): SessionData;
  model(): string;
  /** Characters of the system prompt and tool definitions. */
  fixedChars(): number;
  /** Saves the session (warns, never throws, like every save). */
  save(): Promise<void>;
  emit(event: AgentEvent): void;
  hooks?: CompactionHooks;
  /** For error messages: the session's id once it has a file. */
  id(): string | undefined;
}

export class CompactionDriver {
  constructor(
    readonly compactor: Compactor,
    private readonly host: DriverHost,
  ) {}

  /**
   * The loop's view: send summary + kept messages; compact first when the estimate is over the
   * threshold. The loop's history starts at the session's message number `base`.
   */
  loopContext(provider: Provider, base: number): LoopContext {
    return {
      prepare: async (history, signal, mayCompact) => {
        if (mayCompact && (await this.due(provider, history, base))) {
          try {
            await this.run(provider, history, base, "auto", "threshold", undefined, signal);
          } catch (error) {
            // A single huge exchange or a hook's veto: send as it is; the provider has the last word.
            if (
              !(error instanceof CompactionError) ||
              (error.kind !== "nothing" && error.kind !== "cancelled")
            )
              throw error;
          }
        }
        return this.compactor.sent(this.host.data(), history, base);
      },
      recover: async (history, error, signal, attempt) => {
        if (attempt > 1)
          return new ContextWindowError(
            `The conversation is still too long for the model's context window after compacting${error.serverMessage ? ` (${error.serverMessage})` : ""}. ` +
              "The latest messages alone do not fit: start a new session, or use a model with a larger window.",
            error.status,
            error.serverMessage,
          );
        if (!this.compactor.enabled)
          return new ContextWindowError(
            `${error.message}. Automatic compaction is off (compaction.enabled / AGENIX_AUTO_COMPACT=off): ` +
              `compact by hand with /compact in interactive mode or \`agenix sessions compact ${this.host.id() ?? "<id>"}\`, then continue.`,
            error.status,
            error.serverMessage,
          );
        await this.run(provider, history, base, "auto", "overflow", undefined, signal);
        return true;
      },
    };
  }

  async due(provider: Provider, history: readonly Message[], base: number): Promise<boolean> {
    return this.compactor.due({
      data: this.host.data(),
      messages: history,
      base,
      model: this.host.model(),
      provider,
      fixedChars: this.host.fixedChars(),
    });
  }

  async usage(providerName: string): Promise<ContextUsage> {
    const data = this.host.data();
    const { messages, base } = sendableWindow(data);
    return this.compactor.usage(
      data,
      messages,
      base,
      this.host.model(),
      providerName,
      this.host.fixedChars(),
    );
  }

  /** `/compact`: summarizes what can still be sent, now. */
  manual(provider: Provider, instructions?: string, signal?: AbortSignal): Promise<CompactionRecord> {
    const { messages, base } = sendableWindow(this.host.data());
    const given = instructions?.trim() || undefined;
    return this.run(provider, messages, base, "manual", "manual", given, signal);
  }

  /** Compacts now, records and saves the result; throws CompactionError with the session unchanged. */
  async run(
    provider: Provider,
    history: readonly Message[],
    base: number,
    trigger: CompactionTrigger,
    reason: BeforeCompactContext["reason"],
    instructions: string | undefined,
    signal?: AbortSignal,
  ): Promise<CompactionRecord> {
    const data = this.host.data();
    const record = await this.compactor.compact(
      {
        data,
        messages: history,
        base,
        model: this.host.model(),
        provider,
        fixedChars: this.host.fixedChars(),
        trigger,
        reason,
        instructions,
        signal,
      },
      (tokensBefore, contextWindow) =>
        this.host.emit({ type: "compaction_start", trigger, reason, tokensBefore, contextWindow }),
    );
    if (signal?.aborted) throw new ProviderError("Compaction aborted; the session is unchanged.");
    data.compactions = [...(data.compactions ?? []), record];
    await this.host.save();
    try {
      await this.host.hooks?.onCompact?.(record);
    } catch {
      // An observer's failure does not undo a recorded compaction.
    }
    const { contextWindow } = await this.compactor.limits(this.host.model(), provider.name);
    this.host.emit({ type: "compaction_end", record, contextWindow });
    return record;
  }
}

/**
 * The messages that can still be sent: from the latest compaction's first kept message on, with
 * `base` its index in the session. Messages before it are never touched on this path (a resumed
 * long session may not even have parsed them).
 */
export function sendableWindow(data: SessionData): { messages: Message[]; base: number } {
  const base = sentFrom(latestCompaction(data), data.messages.length);
  return { messages: base === 0 ? data.messages.slice() : data.messages.slice(base), base };
}

/** What an AgentSession gives its compaction: settings, the catalog lookup, hooks, prompt and tools. */
export interface CompactionInit {
  compaction?: CompactionSettings;
  contextWindowFor?: (model: string, provider: string) => Promise<number | undefined>;
  /** Asked before and told after each compaction (the session's hooks: extensions, SDK callers). */
  hooks?: CompactionHooks;
  systemPrompt: string;
  tools: readonly { name: string; description: string; parameters: unknown }[];
}

export function createCompactionDriver(
  init: CompactionInit,
  host: Omit<DriverHost, "fixedChars" | "hooks"> & { notice: (text: string) => void },
): CompactionDriver {
  const compactor = new Compactor({
    settings: init.compaction ?? { enabled: true },
    contextWindowFor: init.contextWindowFor ?? (async () => undefined),
    hooks: init.hooks,
    notice: host.notice,
  });
  let fixed: number | undefined;
  return new CompactionDriver(compactor, {
    ...host,
    fixedChars: () => {
      fixed ??= fixedCharsOf(init.systemPrompt, init.tools);
      return fixed;
    },
    hooks: init.hooks,
  });
}

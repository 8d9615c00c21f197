// What happens around every model request of a session (the loop's turns and compaction summaries
// alike): the session id as the prompt-cache key, the run's budget checked before the request is sent
// and its cost counted after, and the fallback models tried in turn when a model still fails with
// overload, rate limit or a server error after its own retries. A Provider wrapping a Provider: the
// loop and the compactor know nothing of it. Pure (no fs, no vendor SDK).
import { BudgetExceededError, type ProviderError } from "../errors.js";
import type { AssistantMessage } from "../messages/types.js";
import type { Provider, ProviderEvent, ProviderRequest } from "../providers/types.js";
import { CHARS_PER_TOKEN, messageChars } from "./compaction/estimate.js";

/** What the guard asks of the budget (analysis/budget.ts RunBudget). */
export interface BudgetCheck {
  model: string;
  provider: string;
  promptTokens: number;
  cachedTokens: number;
}
export interface RequestBudget {
  limitUsd: number;
  readonly spentUsd: number;
  allows(check: BudgetCheck): boolean;
  minimumCost(check: BudgetCheck): number;
  record(message: AssistantMessage, provider: string): void;
}

export interface RequestGuardOptions {
  /** The provider of a fallback model (may throw ConfigError: no key for its provider). */
  providerFor: (model: string) => Promise<Provider>;
  /** Tried in order after the request's model fails with 429, 529 or 5xx (at most 3). */
  fallbackModels: readonly string[];
  budget?: RequestBudget;
  /** The session id (undefined before the session has a file). */
  cacheKey: () => string | undefined;
  notice: (text: string) => void;
}

/** HTTP statuses after which another model may do better: rate limit, overload, server errors. */
export function isFallbackWorthy(error: ProviderError): boolean {
  const status = error.status;
  return status !== undefined && (status === 429 || status === 529 || status >= 500);
}

export function guardProvider(inner: Provider, options: RequestGuardOptions): Provider {
  // The previous request's size per system prompt: what the cache may hold of the next one.
  const lastTokens = new Map<string, number>();
  return {
    ...inner,
    async *stream(request: ProviderRequest): AsyncGenerator<ProviderEvent> {
      const key = request.cacheKey ?? options.cacheKey();
      const base: ProviderRequest = { ...request, ...(key !== undefined ? { cacheKey: key } : {}) };
      const models = [request.model, ...options.fallbackModels.filter((m) => m !== request.model)];
      const promptTokens = estimateTokens(request);
      let failure: Extract<ProviderEvent, { type: "error" }> | undefined;
      for (let i = 0; i < models.length; i++) {
        const model = models[i]!;
        let provider = inner;
        if (i > 0) {
          try {
            provider = await options.providerFor(model);
          } catch (error) {
            options.notice(`The fallback model ${model} cannot be used: ${(error as Error).message}`);
            continue;
          }
        }
        const check = {
          model,
          provider: provider.name,
          promptTokens,
          cachedTokens: lastTokens.get(request.systemPrompt) ?? 0,
        };
        const budget = options.budget;
        if (budget && !budget.allows(check)) {
          const error = new BudgetExceededError(budget.limitUsd, budget.spentUsd, budget.minimumCost(check));
          yield { type: "error", error, aborted: false };
          return;
        }
        lastTokens.set(request.systemPrompt, promptTokens);
        failure = undefined;
        for await (const event of provider.stream({ ...base, model })) {
          if (event.type === "error") {
            failure = event;
            break;
          }
          if (event.type === "done") budget?.record(event.message, provider.name);
          yield event;
        }
        if (!failure) return;
        if (failure.aborted || !isFallbackWorthy(failure.error) || i === models.length - 1) break;
        // A retry event: listeners discard text the failed model streamed, and the user sees why.
        yield {
          type: "retry",
          attempt: i + 2,
          maxAttempts: models.length,
          delayMs: 0,
          reason: `${model} failed (${failure.error.message}); trying the fallback model ${models[i + 1]}`,
          fallbackModel: models[i + 1]!,
        };
      }
      if (failure) yield failure;
    },
  };
}

function estimateTokens(request: ProviderRequest): number {
  let chars = request.systemPrompt.length + JSON.stringify(request.tools).length;
  for (const message of request.messages) chars += messageChars(message);
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

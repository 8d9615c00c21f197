// The run's spending limit (--max-budget-usd): the estimated spend so far, and whether the next model
// request could still fit. A request's minimum cost is its input at the cheapest rate it can get: the
// part the previous request already sent at the cache-read price (when the model has one and caching
// is on), the rest at the input price. Checked before every request, compaction summaries included.
import type { AssistantMessage } from "../messages/types.js";
import { messageCost, modelPrices } from "./prices.js";

export interface BudgetCheck {
  /** The model and provider about to be called. */
  model: string;
  provider: string;
  /** Estimated input tokens of the request. */
  promptTokens: number;
  /** Estimated input tokens the previous request of this run sent (a prefix the cache may hold). */
  cachedTokens: number;
}

export class RunBudget {
  private spent = 0;
  private readonly unpriced = new Set<string>();

  constructor(
    public limitUsd: number,
    private readonly warn: (text: string) => void = () => {},
  ) {}

  get spentUsd(): number {
    return this.spent;
  }

  /** Adds a finished request's cost (its usage at its model's prices). */
  record(message: AssistantMessage, provider: string): void {
    const cost = messageCost(message, message.model ?? "", provider);
    if (cost === null) this.noPrice(message.model ?? "unknown model");
    else this.spent += cost;
  }

  /** The request's lowest possible cost in USD (0 when its model has no known price). */
  minimumCost(check: BudgetCheck): number {
    const prices = modelPrices(check.model, check.provider);
    if (!prices) {
      this.noPrice(check.model);
      return 0;
    }
    const cached = Math.min(check.cachedTokens, check.promptTokens);
    const cacheRate = Math.min(prices.cache_read ?? prices.input, prices.input);
    return (cached * cacheRate + (check.promptTokens - cached) * prices.input + prices.output) / 1_000_000;
  }

  /** True when the request could still be paid within the limit. */
  allows(check: BudgetCheck): boolean {
    return this.spent + this.minimumCost(check) <= this.limitUsd;
  }

  private noPrice(model: string): void {
    if (this.unpriced.has(model)) return;
    this.unpriced.add(model);
    this.warn(
      `Warning: no price is known for ${model}, so its requests do not count towards --max-budget-usd.`,
    );
  }
}

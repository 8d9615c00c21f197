// The spending limit of one AgentSession's run (--max-budget-usd, interactive `/budget`): the
// request guard (request-guard.ts) checks it before every model request.
import { UsageError } from "../errors.js";
import type { RequestBudget } from "./request-guard.js";

export class SessionBudget {
  constructor(
    private budget: RequestBudget | undefined,
    /** Makes a budget when one is set on a session that has none. */
    private readonly make?: (limitUsd: number) => RequestBudget,
  ) {}

  /** The budget the guard checks (undefined: no limit). */
  get current(): RequestBudget | undefined {
    return this.budget;
  }

  /** The limit and the estimated spend so far (undefined: no budget). */
  spend(): { limitUsd: number; spentUsd: number } | undefined {
    const b = this.budget;
    return b && { limitUsd: b.limitUsd, spentUsd: b.spentUsd };
  }

  /** Sets or raises the limit; it applies from the next request. */
  set(usd: number): void {
    if (!(usd > 0))
      throw new UsageError(`Invalid budget: ${usd} (expected a positive number of US dollars).`);
    if (this.budget) this.budget.limitUsd = usd;
    else if (this.make) this.budget = this.make(usd);
    else throw new UsageError("This session cannot keep a budget.");
  }
}

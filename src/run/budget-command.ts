// `/budget [usd]`, in the terminal UI and over ACP: the run's estimated spend against its budget, or,
// with an amount, a new or raised limit that applies from the next model request.

export interface BudgetHolder {
  readonly budget?: { limitUsd: number; spentUsd: number };
  setBudget?(usd: number): void;
}

const money = (usd: number) => `$${usd < 0.01 && usd > 0 ? usd.toFixed(4) : usd.toFixed(2)}`;

/** The answer to `/budget` (no amount) or `/budget <usd>`; `error` when the amount is not one. */
export function budgetCommand(
  session: BudgetHolder,
  amount: string | undefined,
): { text: string; error?: true } {
  if (amount === undefined) {
    const b = session.budget;
    return {
      text: b
        ? `Budget: ${money(b.spentUsd)} of ${money(b.limitUsd)} used (estimated).`
        : "No budget set: /budget <usd> sets one (or start agenix with --max-budget-usd).",
    };
  }
  const usd = Number(amount.replace(/^\$/, ""));
  if (!Number.isFinite(usd) || usd <= 0 || !session.setBudget)
    return { text: "Usage: /budget <usd>, a positive number of US dollars, e.g. /budget 5", error: true };
  session.setBudget(usd);
  const spent = session.budget?.spentUsd ?? 0;
  return { text: `Budget set to ${money(usd)} (${money(spent)} used so far).` };
}

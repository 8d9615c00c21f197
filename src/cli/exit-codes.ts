// The exit codes of `agenix`, in one table (docs/cli.md shows the same table).
export const EXIT = {
  /** The run finished. */
  ok: 0,
  /** An error: provider failure, missing key, unreadable session, a tool-free run that failed. */
  error: 1,
  /** Usage: an unknown flag, a malformed value, a command that cannot work as given. */
  usage: 2,
  /** A tool call was denied by the permission rules (print mode cannot ask, so strict rules refuse). */
  denied: 3,
  /** --max-budget-usd: the next model request would have crossed the budget; nothing more was sent. */
  budget: 4,
  /** --max-turns reached with the task possibly unfinished (the work so far is saved). */
  maxTurns: 5,
  /** Interrupted (Ctrl-C / SIGINT). */
  interrupted: 130,
} as const;

// The exit codes of `agenix`, in one table (docs/cli.md shows the same table).
export const EXIT = {
  /** The run finished (also: --max-turns reached, with a warning). */
  ok: 0,
  /** An error: provider failure, missing key, unreadable session, a tool-free run that failed. */
  error: 1,
  /** Usage: an unknown flag, a malformed value, a command that cannot work as given. */
  usage: 2,
  /** A tool call was denied by the permission rules (print mode cannot ask, so strict rules refuse). */
  denied: 3,
  /** Interrupted (Ctrl-C / SIGINT). */
  interrupted: 130,
} as const;

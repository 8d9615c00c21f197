// Typed errors a user can act on. The CLI prints `Error: <message>` and exits with `exitCode`;
// stack traces only with AGENIX_DEBUG=1.

export class AgenixError extends Error {
  exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class SessionNotFoundError extends AgenixError {
  constructor(public readonly sessionId: string) {
    super(`Session not found: ${sessionId}`);
  }
}

export class SessionLoadError extends AgenixError {
  constructor(
    public readonly path: string,
    public readonly reason: string,
  ) {
    super(`Failed to load session: ${path}: ${reason}`);
  }
}

export class InvalidSessionIdError extends AgenixError {
  constructor(
    public readonly sessionId: string,
    why: string,
  ) {
    super(`Invalid session id: ${JSON.stringify(sessionId).slice(0, 80)} (${why})`);
  }
}

export class AmbiguousSessionError extends AgenixError {
  constructor(
    sessionId: string,
    public readonly paths: string[],
  ) {
    super(
      `Session id ${sessionId} matches several sessions:\n${paths.map((p) => `  ${p}`).join("\n")}\n` +
        "Run it from the session's working directory, or pass --working-dir.",
    );
  }
}

export interface LockOwner {
  /** The lock file. */
  file: string;
  pid?: number;
  hostname?: string;
  /** The lock is this process's own (the session is already open here). */
  ownProcess?: boolean;
  /** A database lock that ends with its holder's connection: there is nothing to unlock by hand. */
  releasedWithConnection?: boolean;
}

export class SessionLockedError extends AgenixError {
  constructor(
    public readonly sessionId: string,
    public readonly owner: LockOwner,
  ) {
    super(SessionLockedError.describe(sessionId, owner));
  }

  private static describe(id: string, owner: LockOwner): string {
    if (owner.ownProcess) return `Session ${id} is already open in this agenix process.`;
    const unlock = owner.releasedWithConnection
      ? "The lock ends by itself when that process or its connection ends."
      : `If no agenix is using it any more, run: agenix sessions unlock ${id}`;
    if (owner.pid === undefined || owner.pid <= 0) {
      return `Session ${id} is locked, but its lock file ${owner.file} names no owner. ${unlock}`;
    }
    const host = owner.hostname ? ` on host ${owner.hostname}` : "";
    return (
      `Session ${id} is in use by another agenix process (pid ${owner.pid}${host}; lock file ${owner.file}). ` +
      `Wait for it to finish, or start a new session. ${unlock}`
    );
  }
}

/** A malformed command line or a request that cannot work as given (exit code 2, like commander's). */
export class UsageError extends AgenixError {
  override exitCode = 2;
}

export class ProviderError extends AgenixError {
  constructor(
    message: string,
    public readonly status?: number,
    public readonly retryable = false,
  ) {
    super(message);
  }
}

export class ConfigError extends AgenixError {}

/** No key, base URL or local server for the model's provider (ACP answers it as "authentication required"). */
export class NoKeyError extends ConfigError {}

/**
 * The provider refused the request because the conversation does not fit in the model's context
 * window (OpenAI `context_length_exceeded`, Anthropic `prompt is too long`). The agent compacts and
 * retries once on this error.
 */
export class ContextWindowError extends ProviderError {
  constructor(
    message: string,
    status?: number,
    /** The server's own words. */
    public readonly serverMessage?: string,
  ) {
    super(message, status, false);
  }
}

/**
 * The run's budget (--max-budget-usd) would be crossed by the next model request: the run stops before
 * sending it (exit code 4, stop reason `budget`).
 */
export class BudgetExceededError extends ProviderError {
  override exitCode = 4;
  constructor(
    public readonly budgetUsd: number,
    public readonly spentUsd: number,
    /** The lowest cost of the request that was not sent. */
    public readonly nextUsd: number,
  ) {
    const next = spentUsd > budgetUsd ? "" : `; the next request would cost at least ${dollars(nextUsd)}`;
    super(
      `Stopped: the budget of ${dollars(budgetUsd)} is spent (${dollars(spentUsd)} used${next}). ` +
        "Raise it with --max-budget-usd (or settings maxBudgetUsd) to continue.",
    );
  }
}

/** $2.00, or $0.0042 for amounts under a cent. */
function dollars(usd: number): string {
  return `$${usd >= 0.01 || usd === 0 ? usd.toFixed(2) : usd.toFixed(4)}`;
}

/** A compaction that could not be made (failed summary, nothing to summarize, too little freed). */
export class CompactionError extends ProviderError {
  constructor(
    message: string,
    /** nothing: no earlier messages to summarize; too_little: under 5% would be freed (checked before
     * the summary request when possible); failed: the summary request failed; cancelled: by a hook. */
    public readonly kind: "nothing" | "too_little" | "failed" | "cancelled",
  ) {
    super(message);
  }
}

/** An invalid permission rule or mode (flag, setting or SDK option): nothing runs, exit code 2. */
export class PermissionConfigError extends AgenixError {
  override exitCode = 2;
}

/** An invalid sandbox setting, or a sandbox that was asked for and cannot start: nothing runs, exit 2. */
export class SandboxConfigError extends AgenixError {
  override exitCode = 2;
}

/** A settings file (or trusted.json) that cannot be used: names the file and what to do. */
export class SettingsError extends ConfigError {
  constructor(
    public readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

/** A checkpoint that cannot be listed or restored (checkpoints off, unknown id, nothing to undo). */
export class CheckpointError extends AgenixError {}

/**
 * Restoring would overwrite files changed since agenix last touched them (the user's editor): nothing
 * was changed. Interactive mode asks; print mode and the SDK need `force`.
 */
export class CheckpointConflictError extends CheckpointError {
  constructor(public readonly files: string[]) {
    const shown = files.slice(0, 20).map((f) => `  ${JSON.stringify(f).slice(1, -1)}`);
    if (files.length > 20) shown.push(`  … and ${files.length - 20} more`);
    super(
      `Restoring would overwrite ${files.length === 1 ? "a file" : `${files.length} files`} changed since agenix last saw ${files.length === 1 ? "it" : "them"} (by you or another program):\n` +
        `${shown.join("\n")}\nNothing was changed. Pass --force (SDK: { force: true }) to restore anyway.`,
    );
  }
}

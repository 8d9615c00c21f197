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

export class SessionLockedError extends AgenixError {
  constructor(sessionId: string, pid: number) {
    super(
      `Session ${sessionId} is in use by another agenix process (pid ${pid}). ` +
        "Wait for it to finish, or start a new session.",
    );
  }
}

export class UsageError extends AgenixError {}

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

/** A settings file (or trusted.json) that cannot be used: names the file and what to do. */
export class SettingsError extends ConfigError {
  constructor(
    public readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

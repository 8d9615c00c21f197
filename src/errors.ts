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

/** A settings file (or trusted.json) that cannot be used: names the file and what to do. */
export class SettingsError extends ConfigError {
  constructor(
    public readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

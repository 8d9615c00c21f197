// Maps errors to `Error: ...` on stderr and an exit code. Stack traces only with AGENIX_DEBUG=1.
import { AgenixError } from "../errors.js";
import { writeErr } from "./output.js";

export function reportError(error: unknown): number {
  const debug = process.env.AGENIX_DEBUG === "1";
  if (error instanceof AgenixError) {
    writeErr(`Error: ${error.message}\n`);
    if (debug && error.stack) writeErr(`${error.stack}\n`);
    return error.exitCode;
  }
  const err = error as NodeJS.ErrnoException;
  const message = err?.message ?? String(error);
  writeErr(`Error: ${message}\n`);
  if (debug && err?.stack) writeErr(`${err.stack}\n`);
  return 1;
}

/** Runs an action; on failure prints the error and sets the exit code (never a stack trace by default). */
export function guarded<A extends unknown[]>(action: (...args: A) => Promise<number | undefined | void>) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await action(...args);
      if (typeof code === "number") process.exitCode = code;
    } catch (error) {
      process.exitCode = reportError(error);
    }
  };
}

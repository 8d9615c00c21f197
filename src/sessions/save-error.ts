import { AgenixError } from "../errors.js";

/**
 * Saving failed (disk full, read-only file system, I/O error, refused symlink). The file on disk
 * is unchanged: still the last good save. The caller keeps the conversation in memory and may
 * simply call saveSession again later.
 */
export class SessionSaveError extends AgenixError {
  constructor(
    public readonly path: string,
    public readonly reason: string,
    public readonly code?: string,
  ) {
    super(`Failed to save session: ${path}: ${reason}`);
  }
}

/** A short reason for a file-system error, with a hint for the common ones. */
export function describeFsError(error: unknown): { reason: string; code?: string } {
  const err = error as NodeJS.ErrnoException;
  const code = typeof err?.code === "string" ? err.code : undefined;
  const hints: Record<string, string> = {
    ENOSPC: "the disk is full; free some space",
    EDQUOT: "the disk quota is exceeded; free some space",
    EROFS: "the file system is read-only",
    EACCES: "permission denied; check the sessions directory's owner and mode",
    EPERM: "operation not permitted; check the sessions directory's owner and mode",
    EIO: "an I/O error occurred",
  };
  const hint = code ? hints[code] : undefined;
  return { reason: hint ? `${hint} (${code})` : (err?.message ?? String(error)), code };
}

// Restoring files with the user's say-so: a restore that would overwrite files changed outside
// agenix lists them and asks (the interactive yes/no box, or a [y/N] question on a terminal);
// yes overwrites exactly the files shown, and asks again about any that changed meanwhile.
import type { RestoreOptions, RestoreOutcome } from "../agent/checkpoint-keeper.js";
import { CheckpointConflictError } from "../errors.js";

export interface Confirmation {
  /** The question, one line. */
  title: string;
  /** What it concerns (file names), listed under it. */
  items: string[];
  /** What "yes" does, e.g. "overwrite them". */
  yes: string;
  /** What "no" does, e.g. "change nothing". */
  no: string;
}

/** Asks the user; resolves true only for an explicit yes. */
export type Confirm = (question: Confirmation) => Promise<boolean>;

/**
 * Runs a restore; when files changed outside agenix, asks whether to overwrite exactly those (again
 * if more changed meanwhile). "declined": the user said no and nothing was changed.
 */
export async function restoreAsking(
  attempt: (options: RestoreOptions) => Promise<RestoreOutcome>,
  confirm: Confirm,
  what: string,
): Promise<RestoreOutcome | "declined"> {
  const agreed: string[] = [];
  for (;;) {
    try {
      return await attempt(agreed.length > 0 ? { overwrite: [...agreed] } : {});
    } catch (error) {
      if (!(error instanceof CheckpointConflictError)) throw error;
      const yes = await confirm({
        title: `${what} would overwrite ${error.files.length === 1 ? "a file" : `${error.files.length} files`} changed since agenix last saw ${error.files.length === 1 ? "it" : "them"} (your editor?):`,
        items: error.files,
        yes: "overwrite them",
        no: "change nothing",
      });
      if (!yes) return "declined";
      agreed.push(...error.files);
    }
  }
}

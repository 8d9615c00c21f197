// What a restore changes: the paths that differ between the files now and the goal, less those no
// snapshot holds (over the size limit), and the refusal when one of them was changed outside the
// session since its last checkpoint (someone else's edit) and the user did not agree to overwrite it.
import type { RestoreOptions } from "../agent/checkpoint-keeper.js";
import { CheckpointConflictError } from "../errors.js";
import { type GitTarget, gitText } from "./git.js";
import { changedPaths, type TreeChange } from "./tree-diff.js";

export interface RestorePlan {
  /** The paths to put back, with modes. */
  changes: TreeChange[];
  /** The same, as the caller reports them. */
  applied: { path: string; action: "recreated" | "removed" | "restored" }[];
}

export async function planRestore(
  target: GitTarget,
  from: {
    /** The commit of the files as they are now. */
    now: string;
    /** Files left out of it for their size. */
    skipped: string[];
    /** The session's last commit before now, if any: changes since it were made outside the session. */
    known: string | undefined;
  },
  goal: string,
  options: RestoreOptions,
): Promise<RestorePlan> {
  // Over-size files now, and those the goal left out (absent from it, yet not to be deleted).
  const skipped = new Set([...from.skipped, ...(await skippedIn(target, goal))]);
  const changes = (await changedPaths(target, from.now, goal)).filter((c) => !skipped.has(c.path));
  const touched = new Set(changes.map((c) => c.path));
  const agreed = new Set(options.overwrite ?? []);
  const outside = from.known
    ? (await changedPaths(target, from.known, from.now)).filter(
        (c) => touched.has(c.path) && !agreed.has(c.path),
      )
    : [];
  if (outside.length > 0 && !options.force) throw new CheckpointConflictError(outside.map((c) => c.path));
  const applied = changes.map((c) => ({
    path: c.path,
    action:
      c.status === "A"
        ? ("recreated" as const)
        : c.status === "D"
          ? ("removed" as const)
          : ("restored" as const),
  }));
  return { changes, applied };
}

/** The files a snapshot left out for their size (named in its commit message). */
async function skippedIn(target: GitTarget, commit: string): Promise<string[]> {
  const text = await gitText(target, ["cat-file", "commit", commit]);
  return [...text.matchAll(/^skipped: (".*")$/gm)].map((m) => JSON.parse(m[1]!) as string);
}

// Putting the working tree back to a snapshot: files the snapshot lacks are removed (and the folders
// that leaves empty), files it has are written by `git checkout-index` from a temporary index, so
// contents, exec bits and symlinks come back exactly. Only paths that differ are touched.
import { randomBytes } from "node:crypto";
import { realpath, rmdir, rm as rmFile, unlink } from "node:fs/promises";
import path from "node:path";
import { type GitTarget, git } from "./git.js";
import type { TreeChange } from "./tree-diff.js";

export interface AppliedChange {
  path: string;
  /** restored: changed back; recreated: was deleted, written again; removed: did not exist then. */
  action: "restored" | "recreated" | "removed";
}

function actionOf(change: TreeChange): AppliedChange["action"] {
  if (change.status === "A") return "recreated";
  if (change.status === "D") return "removed";
  return "restored";
}

/** Removes `dir` and its parents up to (not including) `root` while they are empty. */
async function pruneEmptyDirs(root: string, dir: string): Promise<void> {
  for (let current = dir; current !== root && current.startsWith(root + path.sep); ) {
    try {
      await rmdir(current);
    } catch {
      return;
    }
    current = path.dirname(current);
  }
}

/**
 * Applies the `changes` from the current snapshot to `goal` (a commit) in the working tree.
 * `changes` are changedPaths(current, goal), already filtered of paths to leave alone.
 */
export async function applyTree(
  target: GitTarget,
  goal: string,
  changes: TreeChange[],
): Promise<AppliedChange[]> {
  const root = target.workTree;
  const realRoot = await realpath(root);
  for (const change of changes) {
    if (change.status !== "D") continue;
    const full = path.join(root, change.path);
    // A folder replaced by a link since the snapshot must not lead the removal out of the project.
    const parent = await realpath(path.dirname(full)).catch(() => undefined);
    if (parent === undefined) continue;
    if (parent !== realRoot && !parent.startsWith(realRoot + path.sep)) continue;
    await unlink(full).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return;
      if (error.code === "EISDIR" || error.code === "EPERM")
        await rmFile(full, { recursive: true, force: true });
      else throw error;
    });
    await pruneEmptyDirs(root, path.dirname(full));
  }
  const writes = changes.filter((c) => c.status !== "D").map((c) => c.path);
  if (writes.length > 0) {
    const indexFile = path.join(
      target.gitDir,
      `restore-index-${process.pid}-${randomBytes(4).toString("hex")}`,
    );
    const temp: GitTarget = { ...target, indexFile };
    try {
      await git(temp, ["read-tree", goal]);
      await git(temp, ["checkout-index", "-f", "-z", "--stdin"], { input: `${writes.join("\0")}\0` });
    } finally {
      await rmFile(indexFile, { force: true });
    }
  }
  return changes.map((change) => ({ path: change.path, action: actionOf(change) }));
}

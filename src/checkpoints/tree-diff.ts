// Comparing two snapshots: which paths differ (with modes, for restoring) and by how many lines.
import { type GitTarget, git, nulRecords } from "./git.js";

export interface TreeChange {
  path: string;
  /** A: only in `to`; D: only in `from`; M: content or mode differs; T: type differs (file/symlink). */
  status: "A" | "D" | "M" | "T";
  fromMode: string;
  toMode: string;
}

/** Paths that differ between two commits or trees (`git diff-tree -r --raw`). */
export async function changedPaths(target: GitTarget, from: string, to: string): Promise<TreeChange[]> {
  if (from === to) return [];
  const out = await git(target, [
    "diff-tree",
    "-r",
    "-z",
    "--no-renames",
    "--raw",
    "--no-commit-id",
    from,
    to,
  ]);
  const parts = nulRecords(out.stdout);
  const changes: TreeChange[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const meta = parts[i]!.replace(/^:/, "").split(" ");
    changes.push({
      fromMode: meta[0]!,
      toMode: meta[1]!,
      status: (meta[4]?.[0] ?? "M") as TreeChange["status"],
      path: parts[i + 1]!,
    });
  }
  return changes;
}

export interface LineStats {
  files: number;
  added: number;
  removed: number;
}

/** Files changed and lines added/removed between two commits (binary files count as files only). */
export async function lineStats(target: GitTarget, from: string, to: string): Promise<LineStats> {
  if (from === to) return { files: 0, added: 0, removed: 0 };
  const args = ["diff-tree", "-r", "-z", "--no-renames", "--numstat", "--no-commit-id", from, to];
  return countNumstat((await git(target, args)).stdout);
}

/** lineStats from a commit to the shadow index as it is (the tree write-tree is about to write). */
export async function indexStats(target: GitTarget, from: string): Promise<LineStats> {
  const args = ["diff-index", "--cached", "-z", "--no-renames", "--numstat", from];
  return countNumstat((await git(target, args)).stdout);
}

function countNumstat(stdout: Buffer): LineStats {
  let files = 0;
  let added = 0;
  let removed = 0;
  for (const record of nulRecords(stdout)) {
    const match = /^(-|\d+)\t(-|\d+)\t/.exec(record);
    if (!match) continue;
    files++;
    if (match[1] !== "-") added += Number(match[1]);
    if (match[2] !== "-") removed += Number(match[2]);
  }
  return { files, added, removed };
}

/** A unified diff between two commits, for `agenix checkpoints diff`. */
export async function unifiedDiff(target: GitTarget, from: string, to: string): Promise<string> {
  const out = await git(target, ["diff-tree", "-r", "-p", "--no-renames", "--no-color", from, to]);
  return out.stdout.toString("utf8");
}

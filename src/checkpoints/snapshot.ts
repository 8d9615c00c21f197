// Taking a snapshot: the shadow index's stat cache finds what changed since the last one (one
// `git ls-files` walk; nothing changed costs only that walk), the changed files within the size
// limit are added, and the tree is written and committed on the session's chain.
import { lstat, open, stat } from "node:fs/promises";
import { usesSha1, writeCommitObject } from "./commit-object.js";
import { type GitTarget, git, gitText, nulRecords } from "./git.js";
import { indexStats, type LineStats } from "./tree-diff.js";

export interface SnapshotLimits {
  /** Files larger than this are not snapshotted (default 10 MB). */
  maxFileBytes: number;
  /** A tree with more files than this is not snapshotted at all. */
  maxFiles: number;
}

export type ScanResult =
  | {
      kind: "ok";
      tree: string;
      skipped: string[];
      nested: string[];
      /** Counted against `statsFrom` alongside the write-tree; absent when the tree came from the memo. */
      stats?: LineStats;
    }
  | { kind: "too-many"; count: number };

/** The entry count in the index header (bytes 8..12), 0 when there is no index yet. */
async function indexEntries(indexFile: string): Promise<number> {
  try {
    const handle = await open(indexFile, "r");
    try {
      const header = Buffer.alloc(12);
      const { bytesRead } = await handle.read(header, 0, 12, 0);
      return bytesRead === 12 ? header.readUInt32BE(8) : 0;
    } finally {
      await handle.close();
    }
  } catch {
    return 0;
  }
}

/**
 * Brings the shadow index up to the working tree and writes its tree. Files over the size limit are
 * left out (and taken out of the index when an earlier snapshot had them). With `statsFrom` (a
 * commit), the changed files and lines since it are counted from the index while the tree is written.
 */
export async function scanAndWriteTree(
  target: GitTarget,
  limits: SnapshotLimits,
  memo?: TreeMemo,
  statsFrom?: string,
): Promise<ScanResult> {
  const indexFile = target.indexFile ?? `${target.gitDir}/index`;
  const tracked = await indexEntries(indexFile);
  const budget = Math.max(0, limits.maxFiles - tracked);
  // -t tags each path: `? ` untracked, `C ` changed, `R ` removed (a removed file is listed twice).
  const listing = await git(target, ["ls-files", "-z", "-t", "-m", "-d", "-o", "--exclude-standard"], {
    maxRecords: budget * 2 + 2,
  });
  const records = nulRecords(listing.stdout);
  const untracked = records.filter((r) => r.startsWith("? ")).length;
  if (listing.cut || tracked + untracked > limits.maxFiles) {
    return { kind: "too-many", count: tracked + untracked };
  }
  const changed = new Map<string, "new" | "changed" | "removed">();
  const nested: string[] = [];
  for (const record of records) {
    const tag = record[0];
    const file = record.slice(2);
    if (tag === "?" && file.endsWith("/")) {
      nested.push(file); // a repository inside the project: its files are its own
      continue;
    }
    if (tag === "R") changed.set(file, "removed");
    else if (!changed.has(file)) changed.set(file, tag === "?" ? "new" : "changed");
  }
  const add: string[] = [];
  const drop: string[] = [];
  const skipped: string[] = [];
  await Promise.all(
    [...changed].map(async ([file, kind]) => {
      if (kind === "removed") return void add.push(file);
      const stat = await lstat(`${target.workTree}/${file}`).catch(() => undefined);
      if (stat?.isFile() && stat.size > limits.maxFileBytes) {
        skipped.push(file);
        if (kind === "changed") drop.push(file);
        return;
      }
      add.push(file);
    }),
  );
  if (drop.length > 0) {
    await git(target, ["update-index", "-z", "--force-remove", "--stdin"], { input: `${drop.join("\0")}\0` });
  }
  if (add.length > 0) await addPaths(target, add);
  // Nothing listed and the index as this process last wrote its tree: the tree is the same.
  const indexStamp = await stampOf(indexFile);
  const remembered =
    memo && drop.length === 0 && add.length === 0 && memo.index === indexStamp ? memo.tree : undefined;
  // The index is what the tree will be: both read it, so they run side by side.
  const [tree, stats] = remembered
    ? [remembered, undefined]
    : await Promise.all([
        gitText(target, ["write-tree"]),
        statsFrom ? indexStats(target, statsFrom) : undefined,
      ]);
  if (memo) {
    memo.index = await stampOf(indexFile);
    memo.tree = tree;
  }
  // Big files left untouched since an earlier snapshot skipped them are not in the listing again.
  return { kind: "ok", tree, skipped: skipped.sort(), nested: nested.sort(), stats };
}

/** The last tree written from the shadow index by this process, and the index file as it was then. */
export interface TreeMemo {
  index?: string;
  tree?: string;
}

async function stampOf(file: string): Promise<string | undefined> {
  const info = await stat(file, { bigint: true }).catch(() => undefined);
  return info ? `${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}` : undefined;
}

/** `git add -A` of exactly these paths (a path that vanished meanwhile is dropped and the rest retried). */
export async function addPaths(target: GitTarget, files: string[]): Promise<void> {
  try {
    await git(target, ["add", "-A", "--pathspec-from-file=-", "--pathspec-file-nul"], {
      input: `${files.join("\0")}\0`,
    });
  } catch {
    // Something changed under us (a file removed between the listing and the add): add the ones
    // still there one batch at a time through update-index, which takes missing paths as removals.
    await git(target, ["update-index", "-z", "--add", "--remove", "--stdin"], {
      input: `${files.join("\0")}\0`,
    });
  }
}

export interface CommitInput {
  tree: string;
  parent?: string;
  message: string;
  now?: string;
}

/** Writes the commit: in-process for a SHA-1 repository (no git process), else `git commit-tree`. */
export async function commitTree(target: GitTarget, input: CommitInput): Promise<string> {
  if (await usesSha1(target.gitDir)) return writeCommitObject(target.gitDir, input);
  const args = ["commit-tree", input.tree];
  if (input.parent) args.push("-p", input.parent);
  args.push("-F", "-");
  return gitText(target, args, { input: input.message, now: input.now });
}

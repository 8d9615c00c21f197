// The checkpoints of sessions in one working directory: snapshots before turns and after tools,
// undo, redo and restore. Records go back to the caller (AgentSession, or the CLI) to be saved in
// the session file; the shadow repository holds the files.
import { randomBytes } from "node:crypto";
import type { CheckpointKeeper, RestoreOptions, RestoreOutcome } from "../agent/checkpoint-keeper.js";
import { CheckpointError } from "../errors.js";
import { type CheckpointRecord, isoNow, type SessionData } from "../messages/types.js";
import { applyTree } from "./apply-tree.js";
import { type GitTarget, gitText } from "./git.js";
import { sessionRef, writeRef } from "./refs.js";
import { withRepoLock } from "./repo-lock.js";
import { planRestore } from "./restore-plan.js";
import {
  checkpointsRoot,
  ensureRepo,
  type InheritedRules,
  repoDirFor,
  writeShadowExcludes,
} from "./shadow-repo.js";
import { addPaths, commitTree, type SnapshotLimits, scanAndWriteTree, type TreeMemo } from "./snapshot.js";
import { type Notify, SnapshotNotices } from "./snapshot-notices.js";
import { type LineStats, lineStats } from "./tree-diff.js";
import { findByPrefix, lastKnownCommit, redoTarget, undoTarget } from "./undo-stack.js";

export interface KeeperOptions {
  workingDir: string;
  home: string;
  env: NodeJS.ProcessEnv;
  limits: SnapshotLimits;
}

export const DEFAULT_LIMITS: SnapshotLimits = { maxFileBytes: 10 * 1024 * 1024, maxFiles: 100_000 };

export class ShadowCheckpoints implements CheckpointKeeper {
  readonly target: GitTarget;
  private readonly root: string;
  private ready: Promise<void> | undefined;
  private readonly notices = new SnapshotNotices();
  /** The reference of a session that has no id (SDK `save: false`). */
  private readonly unsavedRef = `refs/agenix/unsaved/${process.pid}-${randomBytes(6).toString("hex")}`;
  private readonly trees = new Map<string, string>();
  private readonly memo: TreeMemo = {};
  private inherited: InheritedRules = {};

  constructor(private readonly options: KeeperOptions) {
    this.root = checkpointsRoot(options.env, options.home);
    const gitDir = repoDirFor(this.root, options.workingDir);
    this.target = { gitDir, workTree: options.workingDir };
  }

  get limits(): SnapshotLimits {
    return this.options.limits;
  }

  /** The tree of the working tree as it is now (the shadow index is brought up to date; nothing is recorded). */
  async currentTree(): Promise<string> {
    await this.prepare();
    const locked = await withRepoLock(this.target.gitDir, () => this.scan());
    if (!locked)
      throw new CheckpointError("Another agenix process is using the checkpoint repository; try again.");
    if (locked.value.kind === "too-many") {
      throw new CheckpointError(
        "The working directory is over the checkpoint file limit (checkpoints.maxFiles).",
      );
    }
    return locked.value.tree;
  }

  /** scanAndWriteTree, with the project's inherited ignore rules as they are now (under the repository lock). */
  private scan(statsFrom?: string) {
    this.inherited = writeShadowExcludes(this.root, this.target.gitDir, this.target.workTree);
    return scanAndWriteTree(this.target, this.options.limits, this.memo, statsFrom);
  }

  private async prepare(): Promise<void> {
    this.ready ??= ensureRepo(this.root, this.target.gitDir, this.target.workTree).catch((error) => {
      this.ready = undefined;
      throw error;
    });
    await this.ready;
  }

  private refOf(data: SessionData): string {
    return data.id ? sessionRef(data.id) : this.unsavedRef;
  }

  private async treeOf(commit: string): Promise<string> {
    let tree = this.trees.get(commit);
    if (!tree) {
      tree = await gitText(this.target, ["rev-parse", `${commit}^{tree}`]);
      this.trees.set(commit, tree);
    }
    return tree;
  }

  private async statsSince(commit: string, tree: string): Promise<LineStats> {
    if (this.trees.get(commit) === tree) return { files: 0, added: 0, removed: 0 };
    return lineStats(this.target, commit, tree);
  }

  /** Scans and commits the working tree on the session's chain; undefined when over the file limit. */
  private async commitNow(
    data: SessionData,
    trigger: string,
    notify: Notify,
    /** A tool snapshot: no commit when the tree is still this one. */
    unlessTree?: string,
    /** Counts changed files and lines from this commit, alongside the commit. */
    statsFrom?: string,
  ): Promise<
    { commit: string; tree: string; skipped: string[]; stats?: LineStats } | "unchanged" | undefined
  > {
    const scan = await this.scan(statsFrom);
    const where = { workTree: this.target.workTree, limits: this.options.limits, inherited: this.inherited };
    if (!this.notices.tell(scan, where, notify)) return undefined;
    if (unlessTree === scan.tree) return "unchanged";
    const parent = data.checkpoints?.at(-1)?.commit;
    // The files left out are named in the commit: a restore to it must not delete them.
    const skippedLines = scan.skipped.map((f) => `skipped: ${JSON.stringify(f)}\n`).join("");
    const message = `agenix checkpoint: ${trigger}\n\nsession: ${data.id || "(unsaved)"}\n${skippedLines}`;
    const [commit, stats] = await Promise.all([
      commitTree(this.target, { tree: scan.tree, parent, message, now: testNow(this.options.env) }),
      // Counted alongside the write-tree, unless the tree was remembered (nothing was listed).
      statsFrom && !scan.stats ? this.statsSince(statsFrom, scan.tree) : scan.stats,
    ]);
    this.trees.set(commit, scan.tree);
    return { commit, tree: scan.tree, skipped: scan.skipped, stats };
  }

  private async record(
    data: SessionData,
    commit: string,
    trigger: CheckpointRecord["trigger"],
    extra: Partial<CheckpointRecord>,
    counted: LineStats | undefined,
    messageIndex = data.messages.length,
  ): Promise<CheckpointRecord> {
    const stats = counted ?? { files: 0, added: 0, removed: 0 };
    await writeRef(this.target.gitDir, this.refOf(data), commit);
    return {
      id: commit.slice(0, 12),
      commit,
      message_index: messageIndex,
      created_at: isoNow(testNow(this.options.env) ? new Date(testNow(this.options.env)!) : new Date()),
      trigger,
      ...extra,
      files_changed: stats.files,
      lines_added: stats.added,
      lines_removed: stats.removed,
    };
  }

  async snapshot(
    data: SessionData,
    trigger: "turn" | "tool",
    tool: string | undefined,
    notify: Notify,
  ): Promise<CheckpointRecord | undefined> {
    // Taken now: the caller may append the turn's user message while the snapshot runs.
    const messageIndex = data.messages.length;
    await this.prepare();
    const locked = await withRepoLock(this.target.gitDir, async () => {
      const known = lastKnownCommit(data.checkpoints ?? []);
      const unless = trigger === "tool" && known ? await this.treeOf(known) : undefined;
      const made = await this.commitNow(data, trigger, notify, unless, known);
      if (!made || made === "unchanged") return undefined;
      return this.record(data, made.commit, trigger, tool ? { tool } : {}, made.stats, messageIndex);
    });
    if (!locked) {
      this.notices.tellOnce(
        "busy",
        "Checkpoints: another agenix process kept the checkpoint repository busy; a snapshot was skipped.",
        notify,
      );
      return undefined;
    }
    return locked.value;
  }

  async undo(data: SessionData, options: RestoreOptions, notify: Notify): Promise<RestoreOutcome> {
    const target = undoTarget(data.checkpoints ?? []);
    if (!target) {
      throw new CheckpointError(
        (data.checkpoints ?? []).some((r) => r.trigger === "turn")
          ? "Nothing further to undo: the files are as they were before the first turn with checkpoints."
          : "Nothing to undo: this session has no checkpoints yet.",
      );
    }
    return this.restoreTo(data, target, "undo", options, notify);
  }

  async redo(data: SessionData, options: RestoreOptions, notify: Notify): Promise<RestoreOutcome> {
    const target = redoTarget(data.checkpoints ?? []);
    if (!target)
      throw new CheckpointError("Nothing to redo: /redo takes back an /undo made since the last change.");
    return this.restoreTo(data, target, "redo", options, notify);
  }

  async restore(
    data: SessionData,
    id: string,
    options: RestoreOptions,
    notify: Notify,
  ): Promise<RestoreOutcome> {
    return this.restoreTo(data, findByPrefix(data.checkpoints ?? [], id), "restore", options, notify);
  }

  private async restoreTo(
    data: SessionData,
    goal: CheckpointRecord,
    trigger: "undo" | "redo" | "restore",
    options: RestoreOptions,
    notify: Notify,
  ): Promise<RestoreOutcome> {
    await this.prepare();
    const locked = await withRepoLock(this.target.gitDir, async () => {
      const records = data.checkpoints ?? [];
      const known = lastKnownCommit(records);
      const now = await this.commitNow(data, trigger, notify);
      if (!now || now === "unchanged")
        throw new CheckpointError("Cannot restore: the working directory is over the checkpoint file limit.");
      const from = { now: now.commit, skipped: now.skipped, known };
      const { changes, applied } = await planRestore(this.target, from, goal.commit, options);
      if (options.dryRun) return { changes: applied, skipped: now.skipped };
      await applyTree(this.target, goal.commit, changes);
      // The shadow index learns the restored files' new stat data: later snapshots need not re-read them.
      if (changes.length > 0)
        await addPaths(
          this.target,
          changes.map((c) => c.path),
        );
      const stats = await lineStats(this.target, now.commit, goal.commit);
      const record = await this.record(data, now.commit, trigger, { restored_to: goal.id }, stats);
      return { record, changes: applied, skipped: now.skipped };
    });
    if (!locked)
      throw new CheckpointError("Another agenix process is using the checkpoint repository; try again.");
    return locked.value;
  }

  async close(data: SessionData): Promise<void> {
    if (data.id) return;
    await gitText(this.target, ["update-ref", "-d", this.unsavedRef]).catch(() => {});
  }
}

function testNow(env: NodeJS.ProcessEnv): string | undefined {
  return env.AGENIX_TEST_NOW || undefined;
}

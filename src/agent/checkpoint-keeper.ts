// What AgentSession needs from checkpoints (src/checkpoints/ implements it; the opener injects it):
// the session never touches files itself. It records what the keeper returns in the session's
// `checkpoints` array, saves, and reports it as a `checkpoint` event.
import type { CheckpointRecord, SessionData } from "../messages/types.js";

export interface RestoreOptions {
  /** Overwrite files changed since agenix last saw them (otherwise CheckpointConflictError). */
  force?: boolean;
  /**
   * Overwrite these changed files only (the ones the user was shown and agreed to); any other
   * changed file still refuses the restore.
   */
  overwrite?: readonly string[];
  /** Only report what would change. */
  dryRun?: boolean;
}

export interface FileChange {
  path: string;
  action: "restored" | "recreated" | "removed";
}

export interface RestoreOutcome {
  /** The undo/redo/restore checkpoint (the files as they were just before); absent on a dry run. */
  record?: CheckpointRecord;
  /** The files put back (or, on a dry run, that would be). */
  changes: FileChange[];
  /** Files left alone: over the size limit, not part of any snapshot. */
  skipped: string[];
}

export interface CheckpointKeeper {
  /** Snapshots the working tree; undefined when there is nothing to record (a tool that changed nothing). */
  snapshot(
    data: SessionData,
    trigger: "turn" | "tool",
    tool: string | undefined,
    notify: (text: string) => void,
  ): Promise<CheckpointRecord | undefined>;
  undo(data: SessionData, options: RestoreOptions, notify: (text: string) => void): Promise<RestoreOutcome>;
  redo(data: SessionData, options: RestoreOptions, notify: (text: string) => void): Promise<RestoreOutcome>;
  /** Puts every file back as it was at checkpoint `id` (of this session; a unique prefix works). */
  restore(
    data: SessionData,
    id: string,
    options: RestoreOptions,
    notify: (text: string) => void,
  ): Promise<RestoreOutcome>;
  /** Drops what only an unsaved session needed (its reference in the shadow repository). */
  close(data: SessionData): Promise<void>;
}

/** Tools that never change files: no snapshot after them. Every other tool (write, edit, bash, extension and MCP tools) gets one. */
export const READ_ONLY_TOOLS: ReadonlySet<string> = new Set(["read", "grep", "glob", "bash_output"]);

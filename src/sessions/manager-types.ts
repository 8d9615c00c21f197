// The options and reports of SessionManager's methods (kept apart so manager.ts holds behaviour).
import type { SessionMetadata } from "../messages/types.js";
import type { SessionIo } from "./io.js";

export interface SessionManagerOptions {
  /** Sessions root; default `$AGENIX_SESSION_DIR` or `~/.agenix/sessions`. */
  dir?: string;
  /** File operations used for saving; tests inject faults here. */
  io?: SessionIo;
}

export interface NewSessionOptions {
  workingDir: string;
  model: string;
  metadata?: SessionMetadata;
  /** Extra top-level keys written after `messages` (system_prompt, provider, ...). */
  extra?: Record<string, unknown>;
}

export interface LookupOptions {
  /** Directory whose folder is searched first (default: the current directory). */
  workingDir?: string;
}

export interface SaveOptions {
  /** Keep `updated_at` as it is (imports, metadata edits) instead of stamping the save time. */
  keepUpdatedAt?: boolean;
  /**
   * `data` is a new session: store it under the first free id from `data.id` (`_2`, `_3`, ...),
   * setting `data.id` (addSession). A custom subclass that saves by id may ignore it.
   */
  claimNew?: boolean;
}

/** What a successful save did besides writing: warnings to show, and a backup it kept. */
export interface SaveReport {
  path: string;
  /** The session file as it was on disk, kept because another program had changed it. */
  backup?: string;
  /** The save succeeded but something around it did not (fsync, timestamp patch, folder mtime). */
  warnings: string[];
}

export interface LoadOptions extends LookupOptions {
  /**
   * Freeze the loaded messages: the caller only appends (an AgentSession does), so the next save
   * can append at once. Without it the messages may be edited, and the next save rewrites the file.
   */
  frozen?: boolean;
}

/** What `deleteSession` removed. */
export interface DeleteReport {
  path: string;
  /** `<id>.json.bak-*` copies removed with the session. */
  backups: string[];
}

export type ListOptions = ({ workingDir?: string } | { all: true }) & {
  /** Check every file even when its folder looks unchanged (after edits by other programs). */
  rescan?: boolean;
};

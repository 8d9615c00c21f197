// What a session store can do: the one contract the CLI, the SDK and the agent use, implemented by
// the file store (SessionManager, manager.ts) and the PostgreSQL store (postgres/manager.ts) as
// siblings. Optional members are capabilities a store declares by having them; nobody guesses a
// store's kind from its class or its fields.
import type { SessionData, SessionMetadata } from "../messages/types.js";
import type { UnlockResult } from "./lock.js";
import type {
  DeleteReport,
  ListOptions,
  LoadOptions,
  LookupOptions,
  NewSessionOptions,
  SaveOptions,
  SaveReport,
} from "./manager-types.js";
import type { SearchFilter, SearchRow as StoredRow } from "./postgres/queries.js";
import type { RepairResult } from "./repair.js";
import type { SessionSummary } from "./summary.js";

export type { SearchFilter };
/** A candidate message of a store's own search, with where its session lives. */
export type SearchRow = StoredRow & { location: string };

export interface SessionStore {
  /**
   * The sessions folder when the store keeps files there (the search index lives in it, and reading
   * it is a built-in "ask"); undefined for a store that keeps none (a database).
   */
  readonly localRoot: string | undefined;
  /** Where a working directory's sessions are kept: a folder, or a URL naming it. */
  folderFor(workingDir: string): string;

  // Whole sessions.
  createSessionData(options: NewSessionOptions): Promise<SessionData>;
  saveSession(data: SessionData, options?: SaveOptions): Promise<SaveReport | void>;
  loadSession(id: string, options?: LoadOptions): Promise<SessionData>;
  /** Stores `data` as a new session under the first free id from `baseId` (`_2`, `_3`, ...). */
  addSession(data: SessionData, baseId: string): Promise<{ id: string; path: string }>;
  /** Writes `data` under its own id, replacing what is there (`sessions migrate`). */
  putSession(data: SessionData): Promise<void>;
  /**
   * The fast import path: a prepared session as bytes (spec JSON whose `"id"` is empty, see
   * serialized.ts) stored under the first free id from `baseId` without parsing it. Without it,
   * imports are parsed and go through addSession.
   */
  addSerialized?(
    baseId: string,
    workingDir: string,
    bytes: Uint8Array,
  ): Promise<{ id: string; path: string }>;
  importSession(
    file: string,
    options?: { workingDir?: string; id?: string },
  ): Promise<{ id: string; path: string }>;
  exportSession(
    id: string,
    options?: LookupOptions & { redact?: boolean; home?: string },
  ): Promise<{ json: string; redactions: number }>;
  updateMetadata(
    id: string,
    edit: (metadata: SessionMetadata) => SessionMetadata,
    options?: LookupOptions,
  ): Promise<SessionData>;
  repairSession(id: string, options?: LookupOptions): Promise<RepairResult>;

  // Finding sessions.
  listSessions(options?: ListOptions): Promise<SessionSummary[]>;
  latestSession(workingDir: string): Promise<SessionSummary | undefined>;
  hasSession(id: string): Promise<boolean>;
  /** Where a session lives (a file path, or a URL naming the row). */
  sessionPath(id: string, options?: LookupOptions): Promise<string>;
  /** The stored session as it is (the file's bytes; for other stores, its spec JSON). */
  sessionText(id: string, options?: LookupOptions): Promise<Buffer | string>;
  listedSessionText(summary: SessionSummary): Promise<Buffer | string>;
  /** Candidate messages for `sessions search` when the store searches itself; without it the index over localRoot is used. */
  searchMessages?(filter: SearchFilter): Promise<SearchRow[]>;

  // Removing.
  deleteSession(id: string, options?: LookupOptions & { report?: DeleteReport[] }): Promise<string>;
  /** Deletes the session at a location from listSessions. */
  deleteSessionFile(location: string, report?: DeleteReport[]): Promise<string>;

  // One writer per session.
  acquireLock(id: string, options?: LookupOptions): Promise<() => Promise<void>>;
  unlockSession(id: string, options?: LookupOptions): Promise<UnlockResult>;

  // The store itself.
  /** Throws a clear error when sessions cannot be saved at all (checked before a conversation starts). */
  assertWritable(): Promise<void>;
  /** Checks the store can be used (files: nothing to check; PostgreSQL: connects and migrates). */
  ping(): Promise<void>;
  /** Releases what the store holds open. */
  close(): Promise<void>;
}

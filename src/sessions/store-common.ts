// What every store does the same way, on top of its own load, save, add, list and lock: creating,
// importing, exporting, editing metadata and finding the latest session. Both stores extend
// SessionStoreBase, which is nothing but these; everything store-specific is each store's own.

import { SessionNotFoundError } from "../errors.js";
import { parentLink } from "../messages/subagent-link.js";
import type { SessionData, SessionMetadata } from "../messages/types.js";
import { newSessionData } from "./create.js";
import type { LookupOptions, NewSessionOptions } from "./manager-types.js";
import { serializeSession } from "./serialize.js";
import type { SessionStore } from "./store.js";
import type { SessionSummary } from "./summary.js";

/** A new session with no messages, stored under a fresh id. */
export async function createSessionIn(store: SessionStore, options: NewSessionOptions): Promise<SessionData> {
  const data = newSessionData(options);
  await store.addSession(data, data.id);
  return data;
}

/**
 * Validates a session file and stores it: id = its file name (or `options.id`), with `_2`, `_3`, ...
 * when taken; `workingDir` replaces its working_dir.
 */
export async function importSessionInto(
  store: SessionStore,
  file: string,
  options: { workingDir?: string; id?: string } = {},
): Promise<{ id: string; path: string }> {
  const { readSessionToImport } = await import("./import-file.js");
  const { data, baseId } = await readSessionToImport(file, options);
  return store.addSession(data, baseId);
}

/** The session as pretty JSON; with `redact`, secrets, home and working directory are scrubbed. */
export async function exportSessionOf(
  store: SessionStore,
  id: string,
  options: LookupOptions & { redact?: boolean; home?: string } = {},
): Promise<{ json: string; redactions: number }> {
  let data = await store.loadSession(id, options);
  let redactions = 0;
  if (options.redact) {
    const { redactSession } = await import("../redact/redact.js");
    const result = redactSession(data, { home: options.home });
    data = result.session;
    redactions = result.redactions;
  }
  return { json: serializeSession(data).text, redactions };
}

/** Changes a session's metadata under its lock (load, edit, save; updated_at is kept). */
export async function updateMetadataIn(
  store: SessionStore,
  id: string,
  edit: (metadata: SessionMetadata) => SessionMetadata,
  options: LookupOptions = {},
): Promise<SessionData> {
  let release: (() => Promise<void>) | undefined;
  try {
    release = await store.acquireLock(id, options);
  } catch (error) {
    // A store with nothing to lock (a custom subclass keeping no files) still has the session.
    if (!(error instanceof SessionNotFoundError)) throw error;
  }
  try {
    const data = await store.loadSession(id, options);
    data.metadata = edit({ ...data.metadata });
    await store.saveSession(data, { keepUpdatedAt: true });
    return data;
  } finally {
    await release?.();
  }
}

/** The newest session of a working directory (a subagent's session is never the one to continue). */
export async function latestSessionOf(store: SessionStore, workingDir: string) {
  return (await store.listSessions({ workingDir })).find((s) => !parentLink(s.metadata));
}

/** The shared part of both stores (above); each store implements the rest of SessionStore itself. */
export abstract class SessionStoreBase {
  /** A new session with no messages, stored under a fresh id. */
  async createSessionData(this: SessionStore, options: NewSessionOptions): Promise<SessionData> {
    return createSessionIn(this, options);
  }

  /**
   * Validates a session file and stores it: id = its file name (or `options.id`), with `_2`, `_3`, ...
   * when taken; `workingDir` replaces its working_dir.
   */
  async importSession(
    this: SessionStore,
    file: string,
    options: { workingDir?: string; id?: string } = {},
  ): Promise<{ id: string; path: string }> {
    return importSessionInto(this, file, options);
  }

  /** The session as pretty JSON; with `redact`, secrets, home and working directory are scrubbed. */
  async exportSession(
    this: SessionStore,
    id: string,
    options: LookupOptions & { redact?: boolean; home?: string } = {},
  ): Promise<{ json: string; redactions: number }> {
    return exportSessionOf(this, id, options);
  }

  /** Changes a session's metadata under its lock (load, edit, save; updated_at is kept). */
  async updateMetadata(
    this: SessionStore,
    id: string,
    edit: (metadata: SessionMetadata) => SessionMetadata,
    options: LookupOptions = {},
  ): Promise<SessionData> {
    return updateMetadataIn(this, id, edit, options);
  }

  async latestSession(this: SessionStore, workingDir: string): Promise<SessionSummary | undefined> {
    return latestSessionOf(this, workingDir);
  }
}

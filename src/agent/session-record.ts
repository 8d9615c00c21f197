// The saved side of an AgentSession: the session's data, whether it exists in the store yet (a new
// session is created with its first message), its lock, and saving. A save that fails warns once
// and the conversation goes on in memory; the next save writes everything still missing.
import { SessionNotFoundError } from "../errors.js";
import type { Message, SessionData, SessionMetadata } from "../messages/types.js";

/** The part of a SessionStore (sessions/store.ts) an AgentSession uses: any object with these works. */
export interface RecordStore {
  createSessionData(options: {
    workingDir: string;
    model: string;
    metadata?: SessionMetadata;
    extra?: Record<string, unknown>;
  }): Promise<SessionData>;
  /** May report warnings (a save that succeeded incompletely) as `{ warnings: string[] }`. */
  saveSession(data: SessionData): Promise<unknown>;
  acquireLock?(id: string, options?: { workingDir?: string }): Promise<() => Promise<void>>;
  sessionPath?(id: string, options?: { workingDir?: string }): unknown;
}

export interface SessionRecordOptions {
  /** null: nothing is saved (SDK `save: false`). */
  store: RecordStore | null;
  data: SessionData;
  /** True when `data` was loaded (it exists in the store). */
  created: boolean;
  releaseLock?: () => Promise<void>;
  /** Told after each successful save with the store's report. */
  afterSave?: (report: unknown) => Promise<void> | void;
  /** Shows a warning to the user. */
  warn: (text: string) => void;
}

export class SessionRecord {
  data: SessionData;
  /** True once the session exists in the store (created, or loaded). */
  created: boolean;
  private releaseLock: (() => Promise<void>) | undefined;
  private saveFailing = false;

  constructor(private readonly options: SessionRecordOptions) {
    this.data = options.data;
    this.created = options.created;
    this.releaseLock = options.releaseLock;
  }

  /** Starts over with a new, unsaved session; the old one's lock is released and its file kept. */
  async restart(draft: SessionData): Promise<void> {
    await this.unlock();
    this.data = draft;
    this.created = false;
  }

  /** Creates the session in the store (file or row) and takes its lock. */
  async create(): Promise<void> {
    const store = this.options.store;
    if (!store) return;
    const draft = this.data;
    const extra: Record<string, unknown> = {};
    if (draft.system_prompt !== undefined) extra.system_prompt = draft.system_prompt;
    if (draft.provider !== undefined) extra.provider = draft.provider;
    const created = await store.createSessionData({
      workingDir: draft.working_dir,
      model: draft.model,
      metadata: draft.metadata,
      extra,
    });
    // Messages kept in memory while creation was failing go into the new file with the next save.
    if (draft.messages.length > 0) created.messages.push(...draft.messages);
    this.data = created;
    this.created = true;
    this.releaseLock = await lockIfStored(store, created.id, created.working_dir);
  }

  /** Appends a message and saves. */
  async persist(message: Message): Promise<void> {
    this.data.messages.push(message);
    this.data.updated_at = message.timestamp;
    await this.save();
  }

  /** Saves a header change (model, name, tags) once the session exists. */
  async saveHeader(): Promise<void> {
    if (this.created) await this.save();
  }

  /** Saves; a failure warns once and the conversation goes on in memory (the next save retries). */
  async save(): Promise<void> {
    const store = this.options.store;
    if (!store) return;
    try {
      if (!this.created) await this.create();
      const report = await store.saveSession(this.data);
      this.saveFailing = false;
      // What follows a save only keeps caches current: its failure is not the save's.
      await Promise.resolve(this.options.afterSave?.(report)).catch(() => {});
      const warnings = (report as { warnings?: unknown } | undefined)?.warnings;
      if (Array.isArray(warnings)) for (const text of warnings) this.options.warn(`Warning: ${text}`);
    } catch (error) {
      if (this.saveFailing) return;
      this.saveFailing = true;
      const reason = error instanceof Error ? error.message : String(error);
      this.options.warn(
        `Warning: could not save session ${await this.describePath(error)}: ${reason}. ` +
          "The conversation continues in memory; agenix will retry on the next message.",
      );
    }
  }

  private async describePath(error: unknown): Promise<string> {
    try {
      if (this.created && this.options.store?.sessionPath) {
        const where = await this.options.store.sessionPath(this.data.id, {
          workingDir: this.data.working_dir,
        });
        if (typeof where === "string") return where;
      }
    } catch {
      // fall through to what the error knows
    }
    const errPath = (error as NodeJS.ErrnoException)?.path;
    return errPath ?? (this.created ? this.data.id : `(new session in ${this.data.working_dir})`);
  }

  /** Releases the session lock (if held). */
  async unlock(): Promise<void> {
    const release = this.releaseLock;
    this.releaseLock = undefined;
    await release?.();
  }
}

/**
 * Takes the session's lock. A store that keeps sessions elsewhere (a database subclass) has no file
 * to lock: that is not an error. A session in use by another process is (SessionLockedError).
 */
export async function lockIfStored(
  store: RecordStore,
  id: string,
  workingDir: string,
): Promise<(() => Promise<void>) | undefined> {
  if (!store.acquireLock) return undefined;
  try {
    return await store.acquireLock(id, { workingDir });
  } catch (error) {
    if (error instanceof SessionNotFoundError) return undefined;
    throw error;
  }
}

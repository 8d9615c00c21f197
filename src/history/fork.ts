// `agenix sessions fork`: a new session (new id, same working dir and model) with the first N
// messages and `metadata.forked_from`; the source file is only read, never written.
import { UsageError } from "../errors.js";
import { forkPointProblem } from "../messages/fork-point.js";
import type { SessionData } from "../messages/types.js";
import type { SessionStore } from "../sessions/store.js";

export interface ForkOptions {
  /** Messages to keep (default all). */
  at?: number;
  /** Name of the new session (default: the source's name). */
  name?: string;
  /** Where the source is looked up first. */
  workingDir?: string;
}

export async function forkSession(
  manager: SessionStore,
  id: string,
  options: ForkOptions = {},
): Promise<SessionData> {
  const source = await manager.loadSession(id, { workingDir: options.workingDir });
  const at = options.at ?? source.messages.length;
  const problem = forkPointProblem(source.messages, at);
  if (problem) throw new UsageError(`Cannot fork session ${source.id}: ${problem}.`);
  const {
    id: _id,
    working_dir,
    model,
    created_at: _c,
    updated_at: _u,
    metadata,
    messages: _m,
    ...extra
  } = source;
  const name = options.name ?? metadata.name;
  // Copied before the new session exists: nothing below may fail and leave an empty session.
  const messages = structuredClone(source.messages.slice(0, at));
  const forked = await manager.createSessionData({
    workingDir: working_dir,
    model,
    metadata: {
      ...metadata,
      ...(name !== undefined ? { name } : {}),
      forked_from: { session_id: source.id, message_index: at },
    },
    extra,
  });
  forked.messages = messages;
  try {
    await manager.saveSession(forked);
  } catch (error) {
    // A fork that could not be saved leaves no empty session behind.
    await manager.deleteSession(forked.id, { workingDir: working_dir }).catch(() => {});
    throw error;
  }
  return forked;
}

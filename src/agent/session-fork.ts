// What a fork of a session starts with: the first `at` messages (default all) and the metadata with
// `forked_from`. A point that would separate a tool call from its result is refused, naming the
// nearest valid one.
import { UsageError } from "../errors.js";
import { forkPointProblem } from "../messages/fork-point.js";
import type { Message, SessionData, SessionMetadata } from "../messages/types.js";

export interface ForkPlan {
  metadata: SessionMetadata;
  messages: Message[];
}

/** The fork's messages and metadata (copies: the source is left as it is), or a UsageError. */
export function planFork(
  source: SessionData,
  sourceId: string | undefined,
  options: { at?: number; name?: string },
): ForkPlan {
  const at = options.at ?? source.messages.length;
  const problem = forkPointProblem(source.messages, at);
  if (problem) throw new UsageError(`Cannot fork: ${problem}.`);
  const metadata = {
    ...structuredClone(source.metadata),
    ...(options.name !== undefined ? { name: options.name } : {}),
    forked_from: { session_id: sourceId ?? null, message_index: at },
  };
  return { metadata, messages: structuredClone(source.messages.slice(0, at)) };
}

// How a subagent's session names its parent: `metadata.parent: {session_id, tool_call_id}` (and
// `metadata.agent`, the definition's name). Plain reading of the metadata; everything may use it.

export interface ParentLink {
  session_id: string;
  tool_call_id: string;
}

/** The parent a session's metadata names, if it is a subagent's session. */
export function parentLink(metadata: unknown): ParentLink | undefined {
  if (typeof metadata !== "object" || metadata === null) return undefined;
  const parent = (metadata as { parent?: unknown }).parent;
  if (typeof parent !== "object" || parent === null) return undefined;
  const { session_id, tool_call_id } = parent as Record<string, unknown>;
  if (typeof session_id !== "string" || session_id === "") return undefined;
  return { session_id, tool_call_id: typeof tool_call_id === "string" ? tool_call_id : "" };
}

/** The agent definition a subagent's session ran ("" when the metadata does not say). */
export function agentName(metadata: unknown): string {
  const agent = (metadata as { agent?: unknown } | null)?.agent;
  return typeof agent === "string" ? agent : "";
}

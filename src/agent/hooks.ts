// Lifecycle hooks: how extensions (src/extensions/) see and steer a session without the agent knowing
// them. The loop calls the tool hooks and turnStart; AgentSession fires the rest. Only plain data
// crosses this seam, so the loop stays free of files, UI and loaders.
import type { AssistantMessage, Message, ToolCall } from "../messages/types.js";
import type { StopReason } from "./events.js";

/** What a tool_call hook may answer: block the call (it then gets an error result naming the reason). */
export interface ToolCallVerdict {
  block: true;
  reason: string;
}

/** A tool result as hooks see it and may replace it. */
export interface ToolResultPatch {
  content: string;
  isError: boolean;
}

/** Compaction asks before it runs: a hook may cancel it or hand over its own summary. */
export interface BeforeCompactVerdict {
  cancel?: boolean;
  summary?: string;
}

export type LifecycleEvent =
  | { type: "session_start"; sessionId?: string; workingDir: string; model: string }
  | { type: "session_end"; sessionId?: string }
  | { type: "user_input"; text: string }
  | { type: "agent_start"; model: string }
  | { type: "agent_end"; stopReason: StopReason; finalText: string }
  | { type: "turn_start"; turn: number }
  | { type: "turn_end"; turn: number; message: AssistantMessage }
  | { type: "message_end"; message: Message }
  | CompactEvent;

/** A compaction was recorded (fields as in the session file's `compactions` record). */
export interface CompactEvent {
  type: "compact";
  summary: string;
  /** Index of the first message kept as it is (older ones are replaced by the summary). */
  firstKeptIndex: number;
  tokensBefore: number;
  tokensAfter: number;
  trigger: string;
}

/** The compaction code's question before it compacts (see BeforeCompactVerdict). */
export interface BeforeCompactEvent {
  type: "before_compact";
  /** "auto" (the context is filling up, or the provider refused it) or "manual" (`/compact`). */
  trigger: string;
  /** The messages about to be summarized. */
  messages: readonly Message[];
  /** Estimated tokens of the history before compaction, when known. */
  tokens?: number;
  /** `/compact <instructions>`, when given. */
  instructions?: string;
}

/** Implemented by the extension runner; every method must resolve (never reject) within its own limits. */
export interface AgentHooks {
  emit(event: LifecycleEvent): Promise<void>;
  toolCall(call: ToolCall): Promise<ToolCallVerdict | undefined>;
  toolResult(call: ToolCall, result: ToolResultPatch): Promise<ToolResultPatch | undefined>;
  beforeCompact(event: BeforeCompactEvent): Promise<BeforeCompactVerdict | undefined>;
}

/** The hooks the loop itself calls. */
export type LoopHooks = Partial<Pick<AgentHooks, "toolCall" | "toolResult">> & {
  turnStart?(turn: number): Promise<void>;
};

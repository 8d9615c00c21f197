// Lifecycle hooks: how extensions (src/extensions/) see and steer a session without the agent knowing
// them. The loop calls the tool hooks and turnStart; AgentSession fires the rest. Only plain data
// crosses this seam, so the loop stays free of files, UI and loaders.
import type { AssistantMessage, Message, ToolCall } from "../messages/types.js";
import type { BeforeCompactResult, CompactionHooks } from "./compaction/hooks.js";
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

export type LifecycleEvent =
  | { type: "session_start"; sessionId?: string; workingDir: string; model: string }
  | { type: "session_end"; sessionId?: string }
  | { type: "user_input"; text: string }
  | { type: "agent_start"; model: string }
  | { type: "agent_end"; stopReason: StopReason; finalText: string }
  | { type: "turn_start"; turn: number }
  | { type: "turn_end"; turn: number; message: AssistantMessage }
  | { type: "message_end"; message: Message };

/**
 * Implemented by the extension runner (an SDK caller's compaction hooks are one too); every method
 * must resolve (never reject) within its own limits. Compaction is asked and told through the one
 * CompactionHooks shape (compaction/hooks.ts).
 */
export interface AgentHooks extends CompactionHooks {
  emit?(event: LifecycleEvent): Promise<void>;
  toolCall?(call: ToolCall): Promise<ToolCallVerdict | undefined>;
  toolResult?(call: ToolCall, result: ToolResultPatch): Promise<ToolResultPatch | undefined>;
}

/** The hooks the loop itself calls. */
export type LoopHooks = Partial<Pick<AgentHooks, "toolCall" | "toolResult">> & {
  turnStart?(turn: number): Promise<void>;
};

/**
 * Several hook sets as one, asked in order (the extensions', then an SDK caller's): a tool call is
 * blocked by the first that blocks; a tool result passes through each; any may cancel a compaction
 * and the first summary given is used; every set hears every event.
 */
export function chainHooks(...sets: (AgentHooks | undefined)[]): AgentHooks | undefined {
  const hooks = sets.filter((set): set is AgentHooks => set !== undefined);
  if (hooks.length <= 1) return hooks[0];
  return {
    async emit(event) {
      for (const set of hooks) await set.emit?.(event);
    },
    async toolCall(call) {
      for (const set of hooks) {
        const verdict = await set.toolCall?.(call);
        if (verdict) return verdict;
      }
      return undefined;
    },
    async toolResult(call, result) {
      let current: ToolResultPatch | undefined;
      for (const set of hooks) current = (await set.toolResult?.(call, current ?? result)) ?? current;
      return current;
    },
    async beforeCompact(context) {
      const verdict: BeforeCompactResult = {};
      for (const set of hooks) {
        const result = await set.beforeCompact?.(context);
        if (!result) continue;
        if (result.cancel) verdict.cancel = true;
        if (verdict.summary === undefined && typeof result.summary === "string")
          verdict.summary = result.summary;
      }
      return verdict.cancel || verdict.summary !== undefined ? verdict : undefined;
    },
    async onCompact(record) {
      for (const set of hooks) await set.onCompact?.(record);
    },
  };
}

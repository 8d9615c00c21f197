// Events emitted by the agent loop. Persistence and rendering subscribe to them; nothing flows back.
import type { ProviderError } from "../errors.js";
import type {
  AssistantMessage,
  CheckpointRecord,
  CompactionRecord,
  Message,
  ToolCall,
  ToolMessage,
} from "../messages/types.js";
import type { ProviderEvent } from "../providers/types.js";
import type { ToolDenial } from "./authorize.js";
import type { HookReport } from "./command-hooks.js";
import type { SubagentEvent } from "./subagents.js";

/**
 * `blocked`: a UserPromptSubmit hook refused the prompt (nothing was sent or saved); `budget`: the next
 * request would have crossed --max-budget-usd (a BudgetExceededError comes with it).
 */
export type StopReason = "end" | "max_turns" | "aborted" | "error" | "blocked" | "budget";

export type AgentEvent =
  /** A message is complete (user before the model is called, assistant when done, tool when it ends). */
  | { type: "message"; message: Message }
  | { type: "text_delta"; text: string }
  /** A tool is about to run. */
  | { type: "tool_call"; call: ToolCall }
  /** The permission check refused a call (before its tool_result, which carries the error for the model). */
  | { type: "tool_denied"; call: ToolCall; denial: ToolDenial }
  | { type: "tool_result"; call: ToolCall; message: ToolMessage; summary: string }
  /** A retry (or a fallback model) is next; text streamed so far in this request is discarded. */
  | Extract<ProviderEvent, { type: "retry" }>
  | { type: "turn_end"; turn: number; message: AssistantMessage }
  | { type: "error"; error: ProviderError }
  | { type: "agent_end"; stopReason: StopReason; finalText: string }
  /** The older messages are being summarized (the summary request is about to be sent). */
  | {
      type: "compaction_start";
      trigger: "auto" | "manual";
      reason: "threshold" | "overflow" | "manual";
      tokensBefore: number;
      contextWindow: number;
    }
  /** A compaction is recorded: from now on the summary and the kept messages are sent. */
  | { type: "compaction_end"; record: CompactionRecord; contextWindow: number }
  /** A command hook decided something or failed (see HookReport); renderers sanitise its text. */
  | ({ type: "hook" } & HookReport)
  /** A snapshot of the working tree was recorded (the session file's `checkpoints` record). */
  | { type: "checkpoint"; checkpoint: CheckpointRecord }
  /** An event of a subagent (a task call's child session), with the child's id. */
  | SubagentEvent
  /** Something the user should know that is not part of the conversation (save failures, fallbacks). */
  | { type: "notice"; level: "info" | "warning"; text: string };

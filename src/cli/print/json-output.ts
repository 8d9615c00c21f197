// Machine-readable output for `--output-format json|stream-json`: the result object of a run,
// event lines, and errors as JSON (setup errors included), so a program never has to parse prose.
import type { AgentEvent } from "../../agent/events.js";
import { AgenixError } from "../../errors.js";
import type { AssistantMessage, Usage } from "../../messages/types.js";

export interface RunResult {
  session_id: string | null;
  response: string;
  usage: Usage;
  stop_reason: string;
  /** The tool calls the permission check refused in this run. */
  denied: unknown[];
  cost_usd: number | null;
  duration_ms: number;
  /** Model calls in this run. */
  num_turns: number;
  model: string;
  /** The sandbox commands ran in: workspace-write, read-only or off. */
  sandbox?: string;
  permission_mode?: string;
  error?: string;
}

/** `{"error": ..., "session_id": null}` (stream-json: with `"type": "result"` first) and the exit code. */
export function jsonError(error: unknown, streamJson: boolean, sessionId: string | null = null): unknown {
  const message = error instanceof Error ? error.message : String(error);
  return streamJson
    ? { type: "result", error: message, session_id: sessionId }
    : { error: message, session_id: sessionId };
}

export function errorExitCode(error: unknown): number {
  return error instanceof AgenixError ? error.exitCode : 1;
}

/** One stream-json line per agent event: the SDK's event with its `type`, errors as their message. */
export function eventToJson(event: AgentEvent): Record<string, unknown> {
  switch (event.type) {
    case "error":
      return { type: "error", error: event.error.message, status: event.error.status ?? null };
    case "agent_end":
      return { type: "agent_end", stop_reason: event.stopReason, final_text: event.finalText };
    case "retry":
      return {
        type: "retry",
        attempt: event.attempt,
        max_attempts: event.maxAttempts,
        delay_ms: event.delayMs,
        reason: event.reason,
        ...(event.fallbackModel ? { fallback_model: event.fallbackModel } : {}),
      };
    case "subagent":
      return {
        type: "subagent",
        call_id: event.callId,
        agent: event.agent,
        description: event.description,
        session_id: event.sessionId ?? null,
        event: eventToJson(event.event),
      };
    default:
      return { ...event };
  }
}

/** Estimated cost of the assistant messages of one run; null when a model has no known price. */
export async function runCost(model: string, messages: AssistantMessage[]): Promise<number | null> {
  if (messages.every((m) => !m.usage || m.usage.total_tokens === 0)) return 0;
  const { estimateCost } = await import("../../analysis/cost.js");
  const report = estimateCost({
    id: "",
    working_dir: "",
    model,
    created_at: "",
    updated_at: "",
    metadata: {},
    messages,
  });
  return report.complete ? Number(report.total_usd.toFixed(6)) : null;
}

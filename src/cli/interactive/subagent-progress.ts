// A running task call's child, as the terminal shows it under the call: which agent, its session,
// the tool it is running now, and the tokens it has used. Updated from the child's relayed events;
// pure, so it is tested without Ink.
import type { AgentEvent } from "../../agent/events.js";
import { sanitizeForTerminal } from "../sanitize.js";
import { toolArgsLabel } from "../tool-label.js";

export interface SubagentProgress {
  agent: string;
  sessionId?: string;
  /** `grep(auth)` while one of its tools runs; undefined while it waits for its model. */
  tool?: string;
  /** Prompt and completion tokens of its finished requests. */
  tokens: number;
  /** Denials and errors so far (shown as a count). */
  problems: number;
}

type Relayed = Extract<AgentEvent, { type: "subagent" }>;

/** The progress after one relayed event of the child. */
export function nextProgress(previous: SubagentProgress | undefined, event: Relayed): SubagentProgress {
  const progress: SubagentProgress = previous ?? {
    agent: sanitizeForTerminal(event.agent),
    tokens: 0,
    problems: 0,
  };
  const next = { ...progress, sessionId: event.sessionId ?? progress.sessionId };
  const inner = event.event;
  switch (inner.type) {
    case "tool_call":
      return { ...next, tool: `${sanitizeForTerminal(inner.call.name)}(${toolArgsLabel(inner.call, 40)})` };
    case "tool_result":
      return { ...next, tool: undefined };
    case "tool_denied":
    case "error":
      return { ...next, problems: next.problems + 1 };
    case "message": {
      const usage = inner.message.role === "assistant" ? inner.message.usage : undefined;
      return usage ? { ...next, tokens: next.tokens + usage.prompt_tokens + usage.completion_tokens } : next;
    }
    default:
      return next;
  }
}

/** `1,234 tokens` / `12.3k tokens`. */
export function tokensLabel(tokens: number): string {
  if (tokens < 10_000) return `${tokens.toLocaleString("en-US")} tokens`;
  return `${(tokens / 1000).toFixed(1)}k tokens`;
}

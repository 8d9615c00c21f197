// The shape both Markdown and HTML exports walk: turns (a user message and what followed it), each
// assistant message with its tool calls, and each call paired with its result by id.
import { tokenUsage } from "../../analysis/stats.js";
import type {
  AssistantMessage,
  Message,
  SessionData,
  ToolMessage,
  UserMessage,
} from "../../messages/types.js";

export interface ToolExchange {
  call: { id: string; name: string; arguments: unknown };
  result?: ToolMessage;
}

export type Step =
  | { kind: "user"; message: UserMessage; index: number }
  | { kind: "assistant"; message: AssistantMessage; index: number; tools: ToolExchange[] }
  | { kind: "orphan-result"; message: ToolMessage; index: number };

export interface Turn {
  number: number;
  steps: Step[];
}

export function turnsOf(messages: readonly Message[]): Turn[] {
  const turns: Turn[] = [];
  const pending = new Map<string, ToolExchange>();
  let turn: Turn | undefined;
  messages.forEach((message, index) => {
    if (message.role === "user" || !turn) {
      turn = { number: turns.length + 1, steps: [] };
      turns.push(turn);
    }
    if (message.role === "user") turn.steps.push({ kind: "user", message, index });
    else if (message.role === "assistant") {
      const tools = (message.tool_calls ?? []).map((call) => {
        const exchange: ToolExchange = { call };
        pending.set(call.id, exchange);
        return exchange;
      });
      turn.steps.push({ kind: "assistant", message, index, tools });
    } else if (message.role === "tool") {
      const exchange = pending.get(message.tool_call_id);
      if (exchange && !exchange.result) exchange.result = message;
      else turn.steps.push({ kind: "orphan-result", message, index });
    }
  });
  return turns;
}

export interface HeaderFacts {
  title: string;
  id: string;
  workingDir: string;
  model: string;
  created: string;
  updated: string;
  messages: number;
  tokens: ReturnType<typeof tokenUsage>;
  /** "$0.0123", or a note when some model has no price. */
  cost: string;
}

export async function headerFacts(session: SessionData): Promise<HeaderFacts> {
  const { estimateCost } = await import("../../analysis/cost.js");
  const report = estimateCost(session);
  const cost = report.complete
    ? `$${report.total_usd.toFixed(4)}`
    : `≥ $${report.total_usd.toFixed(4)} (no price for ${report.unknown_models.join(", ")})`;
  return {
    title: session.metadata?.name || `Session ${session.id}`,
    id: session.id,
    workingDir: session.working_dir,
    model: session.model,
    created: session.created_at,
    updated: session.updated_at,
    messages: session.messages.length,
    tokens: tokenUsage(session),
    cost,
  };
}

/** Reasoning an importer kept as an extra field (`reasoning`: string or blocks with text). */
export function reasoningOf(message: AssistantMessage): string | undefined {
  const value = (message as Record<string, unknown>).reasoning;
  if (typeof value === "string") return value || undefined;
  if (Array.isArray(value)) {
    const text = value
      .map((v) => (typeof v === "string" ? v : ((v as { text?: string })?.text ?? "")))
      .join("\n");
    return text || undefined;
  }
  return undefined;
}

export const FOLD_LINES = 20;

export function argumentsText(args: unknown): string {
  return JSON.stringify(args ?? {}, null, 2);
}

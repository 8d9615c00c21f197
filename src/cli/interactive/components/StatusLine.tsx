import { Text } from "ink";

export interface StatusInfo {
  model: string;
  tokens: number;
  /** Formatted cost ("$0.0123"), or undefined when the model has no known price. */
  cost?: string;
  /** Undefined for a session that has no file yet. */
  sessionId?: string;
  /** Share of the model's context window the next request would use (estimated). */
  contextPercent?: number;
}

function formatStatus({ model, tokens, cost, sessionId, contextPercent }: StatusInfo): string {
  const session = sessionId ? `session ${sessionId}` : "new session";
  const context = contextPercent !== undefined ? ` · context ${contextPercent}%` : "";
  return `${model} · ${tokens.toLocaleString("en-US")} tokens · ${cost ?? "cost unknown"} · ${session}${context}`;
}

/** model · tokens used by this session so far · estimated cost; plus a hint of the moment. */
export function StatusLine({ status, hint }: { status: StatusInfo; hint?: string }) {
  return (
    <Text dimColor>
      {formatStatus(status)}
      {hint ? `  ·  ${hint}` : ""}
    </Text>
  );
}

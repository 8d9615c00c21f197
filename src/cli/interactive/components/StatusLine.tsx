import { Text } from "ink";

export interface StatusInfo {
  model: string;
  tokens: number;
  /** Formatted cost ("$0.0123"), or undefined when the model has no known price. */
  cost?: string;
  /** Undefined for a session that has no file yet. */
  sessionId?: string;
  /** Permission mode (Shift+Tab cycles it). */
  mode?: string;
}

function formatStatus({ model, tokens, cost, sessionId, mode }: StatusInfo): string {
  const session = sessionId ? `session ${sessionId}` : "new session";
  const permission = mode ? ` · mode: ${mode} (shift+tab)` : "";
  return `${model} · ${tokens.toLocaleString("en-US")} tokens · ${cost ?? "cost unknown"} · ${session}${permission}`;
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

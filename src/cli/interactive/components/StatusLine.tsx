import { Box } from "ink";
import { Text } from "./SafeText.js";

export interface StatusInfo {
  model: string;
  tokens: number;
  /** Formatted cost ("$0.0123"), or undefined when the model has no known price. */
  cost?: string;
  /** Undefined for a session that has no file yet. */
  sessionId?: string;
  /** Share of the model's context window the next request would use (estimated). */
  contextPercent?: number;
  /** Permission mode (Shift+Tab cycles it). */
  mode?: string;
  /** The command sandbox: workspace-write, read-only or off. */
  sandbox?: string;
}

function formatStatus({ model, tokens, cost, sessionId, contextPercent, mode, sandbox }: StatusInfo): string {
  const session = sessionId ? `session ${sessionId}` : "new session";
  const context = contextPercent !== undefined ? ` · context ${contextPercent}%` : "";
  const permission = mode ? ` · mode: ${mode} (shift+tab)` : "";
  const box = sandbox ? ` · sandbox: ${sandbox}` : "";
  return `${model} · ${tokens.toLocaleString("en-US")} tokens · ${cost ?? "cost unknown"} · ${session}${context}${permission}${box}`;
}

/**
 * model · tokens used by this session so far · estimated cost · session · permission mode; plus a
 * hint of the moment, on the same line when it fits the terminal, else on its own line (a hint cut
 * in two by wrapping is hard to read).
 */
export function StatusLine({ status, hint, width }: { status: StatusInfo; hint?: string; width?: number }) {
  const text = formatStatus(status);
  const sameLine = hint !== undefined && text.length + hint.length + 5 <= (width ?? 80);
  if (!hint || sameLine) {
    return (
      <Text dimColor>
        {text}
        {hint ? `  ·  ${hint}` : ""}
      </Text>
    );
  }
  return (
    <Box flexDirection="column">
      <Text dimColor>{text}</Text>
      <Text dimColor>{hint}</Text>
    </Box>
  );
}

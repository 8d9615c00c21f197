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

/**
 * The status text, fitted to `width` columns: parts are shortened, then dropped, the least useful
 * first (mode hint, session label, token word, cost, session, mode), so it never wraps.
 */
export function formatStatus(status: StatusInfo, width = Number.POSITIVE_INFINITY): string {
  const { model, tokens, cost, sessionId, contextPercent, mode, sandbox } = status;
  const parts = {
    model,
    tokens: `${tokens.toLocaleString("en-US")} tokens`,
    cost: cost ?? "cost unknown",
    session: sessionId ? `session ${sessionId}` : "new session",
    context: contextPercent !== undefined ? `context ${contextPercent}%` : "",
    mode: mode ? `mode: ${mode} (shift+tab)` : "",
    sandbox: sandbox ? `sandbox: ${sandbox}` : "",
  };
  const text = () =>
    [parts.model, parts.tokens, parts.cost, parts.session, parts.context, parts.mode, parts.sandbox]
      .filter(Boolean)
      .join(" · ");
  const steps: (() => void)[] = [
    () => {
      if (mode) parts.mode = `mode: ${mode}`;
    },
    () => {
      if (sessionId) parts.session = sessionId;
    },
    () => {
      parts.tokens = `${tokens.toLocaleString("en-US")} tok`;
    },
    () => {
      parts.cost = "";
    },
    () => {
      parts.session = "";
    },
    () => {
      if (mode) parts.mode = mode;
    },
    () => {
      parts.context = contextPercent !== undefined ? `ctx ${contextPercent}%` : "";
    },
    () => {
      if (sandbox) parts.sandbox = `sb: ${sandbox}`;
    },
  ];
  // One column is left free: a line that fills the terminal exactly wraps in some terminals.
  for (const step of steps) {
    if (text().length < width) break;
    step();
  }
  const fitted = text();
  return fitted.length < width ? fitted : `${fitted.slice(0, Math.max(1, width - 2))}…`;
}

/**
 * model · tokens used by this session so far · estimated cost · session · permission mode; plus a
 * hint of the moment, on the same line when it fits the terminal, else on its own line (a hint cut
 * in two by wrapping is hard to read).
 */
export function StatusLine({ status, hint, width }: { status: StatusInfo; hint?: string; width?: number }) {
  const text = formatStatus(status, width ?? 80);
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

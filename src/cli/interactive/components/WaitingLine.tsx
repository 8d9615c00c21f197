import { useEffect, useState } from "react";
import { Text } from "./SafeText.js";

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export interface WaitingLineProps {
  /** When the turn started (Date.now()). */
  startedAt: number;
  /** "Thinking" before the first token, "Writing" while text streams, "Working" between tool calls. */
  verb: string;
  /** Output tokens so far (completed messages, plus an estimate of the text streaming now). */
  tokens: number;
  now?: () => number;
}

export function formatTokens(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}

/** `⠹ Thinking… 12s · ↓ 340 tokens · Esc to interrupt`, moving while the model works. */
export function WaitingLine({ startedAt, verb, tokens, now = Date.now }: WaitingLineProps) {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 100);
    return () => clearInterval(timer);
  }, []);
  const elapsed = Math.max(0, Math.floor((now() - startedAt) / 1000));
  return (
    <Text>
      <Text color="magenta">{SPINNER[tick % SPINNER.length]} </Text>
      <Text color="magenta">{verb}… </Text>
      <Text dimColor>
        {elapsed}s{tokens > 0 ? ` · ↓ ${formatTokens(tokens)} tokens` : ""} · Esc to interrupt
      </Text>
    </Text>
  );
}

// Token estimates for the compaction trigger: the last prompt size the provider reported, plus
// characters / 4 for what was added since. Cheap (no tokenizer), and corrected by the next real count.
// Where the provider reports no usage, or its usage proved wrong (it refused a context the usage
// said was small), the estimate is characters / 4 of everything sent.
import {
  type CompactionRecord,
  latestCompaction,
  type Message,
  type SessionData,
} from "../../messages/types.js";

/** Characters per token: the usual rule of thumb for English text and code. */
export const CHARS_PER_TOKEN = 4;

/** An attached image, counted as about 1,600 tokens (a screenshot-sized image on either provider). */
const IMAGE_CHARS = 1_600 * CHARS_PER_TOKEN;

export function tokensOfChars(chars: number): number {
  return Math.ceil(chars / CHARS_PER_TOKEN);
}

/** Characters a message costs on the wire (text, tool arguments and reasoning; role overhead ignored). */
export function messageChars(message: Message): number {
  if (message.role === "tool") return message.content.length + 16;
  if (message.role === "user") {
    if (typeof message.content === "string") return message.content.length + 16;
    let chars = 16;
    for (const b of message.content) chars += b.type === "text" ? b.text.length : IMAGE_CHARS;
    return chars;
  }
  let chars = 16;
  for (const block of message.content) chars += block.text.length;
  for (const call of message.tool_calls ?? [])
    chars += call.name.length + JSON.stringify(call.arguments).length;
  for (const block of message.thinking ?? []) chars += (block.thinking ?? block.data ?? "").length;
  return chars;
}

export function messagesTokens(messages: readonly Message[], from = 0, to = messages.length): number {
  let chars = 0;
  for (let i = from; i < to; i++) chars += messageChars(messages[i]!);
  return tokensOfChars(chars);
}

/**
 * Where what is sent starts in `messages`, whose first element is the session's message number `base`:
 * the latest compaction's first kept message, else the first message.
 */
export function sentFrom(compaction: CompactionRecord | undefined, length: number, base = 0): number {
  const index = (compaction?.first_kept_index ?? 0) - base;
  return Math.min(Math.max(0, index), length);
}

export interface ContextEstimate {
  tokens: number;
  /** True when the estimate starts from a prompt size the provider reported. */
  measured: boolean;
}

/**
 * Tokens the next request would send for `messages` (the history from the session's message number
 * `base` on; the latest compaction says where what is sent starts). `fixedChars` is the system prompt
 * plus the tool definitions.
 */
export function estimateContext(
  data: Pick<SessionData, "compactions">,
  messages: readonly Message[],
  fixedChars: number,
  base = 0,
  trustUsage = true,
): ContextEstimate {
  const compaction = latestCompaction(data);
  const start = sentFrom(compaction, messages.length, base);
  // Usage reported before the latest compaction counted the old, longer context: not usable.
  const trustedFrom = trustUsage ? Math.max(start, (compaction?.message_count ?? 0) - base) : messages.length;
  for (let i = messages.length - 1; i >= trustedFrom; i--) {
    const m = messages[i]!;
    if (m.role !== "assistant" || !m.usage || !(m.usage.prompt_tokens > 0)) continue;
    const base = m.usage.prompt_tokens + (m.usage.completion_tokens ?? 0);
    return { tokens: base + messagesTokens(messages, i + 1), measured: true };
  }
  const summaryChars = compaction ? compaction.summary.length + 200 : 0;
  return {
    tokens: tokensOfChars(fixedChars + summaryChars) + messagesTokens(messages, start),
    measured: false,
  };
}

/** Characters of the system prompt and the tool definitions: what every request sends besides messages. */
export function fixedCharsOf(
  systemPrompt: string,
  tools: readonly { name: string; description: string; parameters: unknown }[],
): number {
  let chars = systemPrompt.length;
  for (const t of tools) chars += t.name.length + t.description.length + JSON.stringify(t.parameters).length;
  return chars;
}

// The conversation as text for the summary request: one block per message, tool outputs and long
// arguments cut to a few thousand characters, oldest messages dropped first when it would not fit.
import type { Message } from "../../messages/types.js";

/** Tool output kept per result in the summarization input: the start and the end. */
export const TOOL_OUTPUT_CHARS = 3_000;
const ARGUMENT_CHARS = 1_000;

export function clipMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const half = Math.floor(max / 2);
  return `${text.slice(0, half)}\n[... ${text.length - 2 * half} characters cut ...]\n${text.slice(-half)}`;
}

function block(message: Message): string {
  if (message.role === "user") {
    const text =
      typeof message.content === "string"
        ? message.content
        : message.content.map((b) => (b.type === "text" ? b.text : `[image: ${b.path}]`)).join("\n");
    return `[user]\n${text}`;
  }
  if (message.role === "tool") {
    const status = message.is_error ? " (error)" : "";
    return `[tool result: ${message.name}${status}]\n${clipMiddle(message.content, TOOL_OUTPUT_CHARS)}`;
  }
  const text = message.content.map((b) => b.text).join("");
  const calls = (message.tool_calls ?? []).map(
    (c) => `[tool call: ${c.name}] ${clipMiddle(JSON.stringify(c.arguments), ARGUMENT_CHARS)}`,
  );
  return ["[assistant]", text, ...calls].filter((part) => part !== "").join("\n");
}

/**
 * The text of `messages`, at most `maxChars` long: when longer, the oldest messages are left out
 * (and the text says how many), since the most recent ones matter most for continuing.
 */
export function transcriptText(messages: readonly Message[], maxChars: number): string {
  const blocks: string[] = [];
  let used = 0;
  let i = messages.length - 1;
  for (; i >= 0; i--) {
    const text = block(messages[i]!);
    if (used + text.length + 2 > maxChars && blocks.length > 0) break;
    blocks.push(text.length > maxChars ? clipMiddle(text, maxChars) : text);
    used += text.length + 2;
  }
  const omitted = i + 1;
  if (omitted > 0)
    blocks.push(`[... ${omitted} earlier message${omitted === 1 ? "" : "s"} left out to fit ...]`);
  return blocks.reverse().join("\n\n");
}

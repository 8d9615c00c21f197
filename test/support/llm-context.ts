// The scripted server's context window and thinking signatures: a request estimated above the limit
// gets each provider's real context-length error, and thinking blocks carry a signature the server
// can check when they come back (the real API rejects altered or unsigned thinking blocks).
import { createHmac } from "node:crypto";

/** Tokens of a request as the server counts them: its body's characters / 4. */
export function estimateRequestTokens(raw: string): number {
  return Math.ceil(raw.length / 4);
}

/** The bodies OpenAI and Anthropic answer (HTTP 400) for a prompt longer than the window. */
export function contextLengthError(
  api: "openai" | "anthropic",
  tokens: number,
  limit: number,
): { message: string; body: unknown } {
  if (api === "anthropic") {
    const message = `prompt is too long: ${tokens} tokens > ${limit} maximum`;
    return { message, body: { type: "error", error: { type: "invalid_request_error", message } } };
  }
  const message = `This model's maximum context length is ${limit} tokens. However, your messages resulted in ${tokens} tokens. Please reduce the length of the messages.`;
  return {
    message,
    body: {
      error: { message, type: "invalid_request_error", param: "messages", code: "context_length_exceeded" },
    },
  };
}

const KEY = "scripted-llm-server";

/** A signature bound to the thinking text, so an altered or invented block is detected. */
export function signThinking(thinking: string): string {
  return `sig_${createHmac("sha256", KEY).update(thinking).digest("base64url")}`;
}

// The contract between the agent loop and a model provider. A provider converts session messages
// to its wire format at the edge and streams events back. It never throws: a failure is an event.
import type { ProviderError } from "../errors.js";
import type { AssistantMessage, Message } from "../messages/types.js";
import type { ReasoningEffort } from "../settings/choices.js";
import type { PromptCaching } from "./cache-anthropic.js";

export type ProviderName = "openai" | "anthropic";

/** A tool as offered to the model: name, description and a JSON Schema of its arguments. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ProviderRequest {
  model: string;
  systemPrompt: string;
  /** Session messages, already valid for the provider (every tool call has its result). */
  messages: Message[];
  tools: ToolSpec[];
  signal?: AbortSignal;
  maxTokens?: number;
  /** OpenAI `reasoning_effort` / Anthropic extended thinking, for models that support it. */
  reasoningEffort?: ReasoningEffort;
  /** The session id: OpenAI's `prompt_cache_key` (where it is sent, see openai.ts). */
  cacheKey?: string;
}

export type ProviderEvent =
  | { type: "text_delta"; text: string }
  /** A retry is about to happen; text streamed so far in this request is discarded. */
  | {
      type: "retry";
      attempt: number;
      maxAttempts: number;
      delayMs: number;
      reason: string;
      /** Set when the next try goes to a fallback model (the reason then says why). */
      fallbackModel?: string;
    }
  /** Something the SDK wanted to say (a model's deprecation): shown as a notice, once per text. */
  | { type: "notice"; text: string }
  /** The complete assistant message: text, tool calls (arguments parsed), model, usage, stop_reason. */
  | { type: "done"; message: AssistantMessage }
  /** The request failed after retries, or was aborted. `partial` holds text streamed before it stopped. */
  | { type: "error"; error: ProviderError; aborted: boolean; partial?: AssistantMessage };

export interface Provider {
  readonly name: ProviderName;
  stream(request: ProviderRequest): AsyncIterable<ProviderEvent>;
  /** Whether `reasoningEffort` means anything for this model (else it is not sent). */
  supportsReasoning?(model: string): boolean;
}

export interface ProviderOptions {
  provider: ProviderName;
  apiKey?: string;
  baseUrl?: string;
  /** Attempts in all, including the first (default 4). */
  maxAttempts?: number;
  /** Per-request timeout in ms (default 600000). */
  timeoutMs?: number;
  /** First retry delay in ms before jitter, doubling each attempt (default 500; tests use less). */
  retryBaseMs?: number;
  /** Longest wait between attempts in ms (default 30000); a server's retry-after is honoured up to 60 s. */
  retryCapMs?: number;
  /**
   * Prompt caching (default on): Anthropic breakpoints and their TTL; `cacheKey` sends OpenAI's
   * `prompt_cache_key` (default: only to api.openai.com, since compatible servers may refuse it).
   */
  promptCaching?: PromptCaching;
  /** Where retry notes go (the CLI passes stderr; the SDK stays silent unless given one). */
  onNotice?: (text: string) => void;
}

// OpenAI Chat Completions (and compatible servers: Ollama, vLLM, llama.cpp) through the `openai` SDK.
// Loaded only when this provider is used (see index.ts).
import OpenAI from "openai";
import { sdkClientOptions } from "./client-options.js";
import {
  OpenAIStreamAssembler,
  type OpenAIWireChunk,
  toOpenAIMessages,
  toOpenAITools,
} from "./convert-openai.js";
import { isOpenAIReasoningModel } from "./model-limits.js";
import { type Attempt, streamWithRetries } from "./run-attempts.js";
import type { Provider, ProviderOptions, ProviderRequest } from "./types.js";

export function createOpenAIProvider(options: ProviderOptions): Provider {
  const client = new OpenAI(sdkClientOptions(options));
  const ctx = { provider: "openai" as const, baseUrl: client.baseURL, options };
  return {
    name: "openai",
    stream: (request) =>
      streamWithRetries(ctx, request, openaiAttempt(client, request, sendsCacheKey(options, client.baseURL))),
    supportsReasoning: isOpenAIReasoningModel,
  };
}

/**
 * `prompt_cache_key` routes requests with the same prefix to the same cache. Only OpenAI's own API is
 * known to accept it: compatible servers (vLLM, llama.cpp, some gateways) may refuse an unknown field
 * with HTTP 400, so elsewhere it is sent only when settings say `promptCaching: {cacheKey: true}`.
 */
export function sendsCacheKey(options: ProviderOptions, baseURL: string): boolean {
  const caching = options.promptCaching ?? {};
  if (caching === false) return false;
  if (caching.cacheKey !== undefined) return caching.cacheKey;
  try {
    return new URL(baseURL).hostname === "api.openai.com";
  } catch {
    return false;
  }
}

function openaiAttempt(client: OpenAI, request: ProviderRequest, cacheKey: boolean): Attempt {
  return async function* (signal, touch) {
    const tools = toOpenAITools(request.tools);
    const stream = await client.chat.completions.create(
      {
        model: request.model,
        messages: toOpenAIMessages(request.systemPrompt, request.messages),
        ...(tools.length > 0 ? { tools } : {}),
        ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
        ...(request.reasoningEffort && isOpenAIReasoningModel(request.model)
          ? { reasoning_effort: request.reasoningEffort }
          : {}),
        ...(cacheKey && request.cacheKey ? { prompt_cache_key: request.cacheKey } : {}),
        stream: true,
        // Without this, streamed replies carry no token counts.
        stream_options: { include_usage: true },
      } as OpenAI.Chat.ChatCompletionCreateParamsStreaming,
      { signal },
    );
    const assembler = new OpenAIStreamAssembler();
    for await (const chunk of stream) {
      touch();
      const text = assembler.add(chunk as OpenAIWireChunk);
      if (text) yield text;
    }
    return assembler.finish();
  };
}

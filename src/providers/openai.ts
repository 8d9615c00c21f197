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
    stream: (request) => streamWithRetries(ctx, request, openaiAttempt(client, request)),
    supportsReasoning: isOpenAIReasoningModel,
  };
}

function openaiAttempt(client: OpenAI, request: ProviderRequest): Attempt {
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

// Anthropic Messages through `@anthropic-ai/sdk`. Loaded only when this provider is used (see index.ts):
// importing the SDK costs about 0.3 s.
import Anthropic from "@anthropic-ai/sdk";
import { withCacheBreakpoints } from "./cache-anthropic.js";
import { sdkClientOptions } from "./client-options.js";
import {
  AnthropicStreamAssembler,
  type AnthropicWireEvent,
  defaultMaxTokens,
  toAnthropicMessages,
  toAnthropicTools,
} from "./convert-anthropic.js";
import { supportsAnthropicThinking, thinkingBudget } from "./model-limits.js";
import { type Attempt, streamWithRetries } from "./run-attempts.js";
import type { Provider, ProviderOptions, ProviderRequest } from "./types.js";

export function createAnthropicProvider(options: ProviderOptions): Provider {
  const client = new Anthropic({
    ...sdkClientOptions(options),
    // The caller resolved the key; do not let ANTHROPIC_AUTH_TOKEN from the environment add a second one.
    authToken: null,
  });
  const ctx = { provider: "anthropic" as const, baseUrl: client.baseURL, options };
  return {
    name: "anthropic",
    stream: (request) =>
      streamWithRetries(ctx, request, anthropicAttempt(client, request, options.promptCaching ?? {})),
    supportsReasoning: supportsAnthropicThinking,
  };
}

function anthropicAttempt(
  client: Anthropic,
  request: ProviderRequest,
  caching: NonNullable<ProviderOptions["promptCaching"]>,
): Attempt {
  return async function* (signal, touch) {
    const maxTokens = request.maxTokens ?? defaultMaxTokens(request.model);
    const thinking = request.reasoningEffort !== undefined && supportsAnthropicThinking(request.model);
    const { system, tools, messages } = withCacheBreakpoints(
      request.systemPrompt,
      toAnthropicTools(request.tools),
      toAnthropicMessages(request.messages, { thinking }),
      caching,
    );
    const stream = await client.messages.create(
      {
        model: request.model,
        max_tokens: maxTokens,
        ...(thinking
          ? {
              thinking: {
                type: "enabled",
                budget_tokens: thinkingBudget(request.reasoningEffort!, maxTokens),
              },
            }
          : {}),
        ...(system !== undefined ? { system } : {}),
        messages,
        ...(tools.length > 0 ? { tools } : {}),
        stream: true,
      } as Anthropic.MessageCreateParamsStreaming,
      { signal },
    );
    const assembler = new AnthropicStreamAssembler();
    for await (const event of stream) {
      touch();
      const text = assembler.add(event as AnthropicWireEvent);
      if (text) yield text;
    }
    return assembler.finish();
  };
}

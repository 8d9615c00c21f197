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
import type { Provider, ProviderEvent, ProviderOptions, ProviderRequest } from "./types.js";

/** SDK warnings already shown in this process: a deprecation is said once, not per request. */
const said = new Set<string>();

/**
 * The Anthropic SDK adds `/v1/messages` to its base URL: a base URL given the OpenAI way
 * (`http://host/v1`) would post to `/v1/v1/messages`, so its trailing `/v1` is dropped.
 */
export function anthropicBaseUrl(baseUrl: string | undefined): string | undefined {
  return baseUrl?.replace(/\/v1\/?$/, "");
}

export function createAnthropicProvider(options: ProviderOptions): Provider {
  const client = new Anthropic({
    ...sdkClientOptions({ ...options, baseUrl: anthropicBaseUrl(options.baseUrl) }),
    // The caller resolved the key; do not let ANTHROPIC_AUTH_TOKEN from the environment add a second one.
    authToken: null,
  });
  const ctx = { provider: "anthropic" as const, baseUrl: client.baseURL, options };
  return {
    name: "anthropic",
    stream: (request) => {
      const warnings: string[] = [];
      return withNotices(
        streamWithRetries(
          ctx,
          request,
          anthropicAttempt(client, request, warnings, options.promptCaching ?? {}),
        ),
        warnings,
      );
    },
    supportsReasoning: supportsAnthropicThinking,
  };
}

/** The SDK's warnings, caught while the request is built, as notice events before the next event. */
async function* withNotices(
  events: AsyncIterable<ProviderEvent>,
  warnings: string[],
): AsyncIterable<ProviderEvent> {
  for await (const event of events) {
    for (const text of warnings.splice(0)) {
      if (said.has(text)) continue;
      said.add(text);
      yield { type: "notice", text };
    }
    yield event;
  }
}

/**
 * Runs `create` with console.warn caught: the SDK prints deprecation warnings with console.warn,
 * synchronously while it builds the request, which would land raw in the middle of the terminal UI.
 */
function catchingWarnings<T>(warnings: string[], create: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(" ").replace(/\s+$/, ""));
  };
  try {
    return create();
  } finally {
    console.warn = warn;
  }
}

function anthropicAttempt(
  client: Anthropic,
  request: ProviderRequest,
  warnings: string[],
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
    const stream = await catchingWarnings(warnings, () =>
      client.messages.create(
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
      ),
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

// Picks and builds a provider. Each SDK is imported only when its provider is used: importing
// @anthropic-ai/sdk alone costs ~0.3 s, which a resumed OpenAI session should not pay.
import type { Provider, ProviderName, ProviderOptions } from "./types.js";

export type {
  Provider,
  ProviderEvent,
  ProviderName,
  ProviderOptions,
  ProviderRequest,
  ToolSpec,
} from "./types.js";

export async function createProvider(options: ProviderOptions): Promise<Provider> {
  let inner: Provider;
  if (options.provider === "anthropic") {
    const { createAnthropicProvider } = await import("./anthropic.js");
    inner = createAnthropicProvider(options);
  } else {
    const { createOpenAIProvider } = await import("./openai.js");
    inner = createOpenAIProvider(options);
  }
  return withImages(inner);
}

/** Attached images are read from their files just before each request (never stored inline). */
function withImages(inner: Provider): Provider {
  return {
    ...inner,
    async *stream(request) {
      const { withImageData } = await import("./image-data.js");
      yield* inner.stream({ ...request, messages: await withImageData(request.messages) });
    },
  };
}

/** `claude-*` models are Anthropic's; everything else speaks the OpenAI protocol. */
export function inferProvider(model: string): ProviderName {
  return model.toLowerCase().startsWith("claude-") ? "anthropic" : "openai";
}

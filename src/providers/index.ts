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
  if (options.provider === "anthropic") {
    const { createAnthropicProvider } = await import("./anthropic.js");
    return createAnthropicProvider(options);
  }
  const { createOpenAIProvider } = await import("./openai.js");
  return createOpenAIProvider(options);
}

/** `claude-*` models are Anthropic's; everything else speaks the OpenAI protocol. */
export function inferProvider(model: string): ProviderName {
  return model.toLowerCase().startsWith("claude-") ? "anthropic" : "openai";
}

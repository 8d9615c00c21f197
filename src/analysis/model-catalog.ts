// Known models for the `/model` picker, from the bundled price catalog (@pydantic/genai-prices):
// the OpenAI and Anthropic models agenix can talk to, newest-looking first, deprecated ones left out.
import { createRequire } from "node:module";
import type { findProvider as FindProvider } from "@pydantic/genai-prices";

export interface KnownModel {
  id: string;
  name: string;
  provider: "openai" | "anthropic";
  context_window?: number;
}

let cache: KnownModel[] | undefined;

/** Chat models only: no embeddings, speech, images or legacy completions. */
const CHAT = {
  openai: /^(gpt-|o\d|chatgpt-|codex-)/,
  anthropic: /^claude-(3|4|opus|sonnet|haiku)/,
};
const NOT_CHAT =
  /(:|\.ft-|embedding|whisper|tts|dall-e|davinci|babbage|transcribe|audio|realtime|image|search|moderation|instruct)/;

export function knownModels(): KnownModel[] {
  if (cache) return cache;
  const require = createRequire(import.meta.url);
  const { findProvider } = require("@pydantic/genai-prices") as { findProvider: typeof FindProvider };
  const out: KnownModel[] = [];
  for (const provider of ["anthropic", "openai"] as const) {
    for (const model of findProvider({ providerId: provider })?.models ?? []) {
      if (model.deprecated || !CHAT[provider].test(model.id) || NOT_CHAT.test(model.id)) continue;
      out.push({
        id: model.id,
        name: model.name ?? model.id,
        provider,
        ...(model.context_window ? { context_window: model.context_window } : {}),
      });
    }
  }
  cache = out.sort((a, b) => a.provider.localeCompare(b.provider) || b.id.localeCompare(a.id));
  return cache;
}

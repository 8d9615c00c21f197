// The maintained model catalog (@pydantic/genai-prices), loaded on demand, for two uses:
// - context windows, through the generated model-catalog-data.ts: the window of a model, by the
//   catalog's own match rules (catalogContextWindow);
// - the known models the `/model` picker offers: the OpenAI and Anthropic chat models agenix can talk
//   to, newest-looking first, deprecated ones left out (knownModels).
import { createRequire } from "node:module";
import type { findProvider as FindProvider } from "@pydantic/genai-prices";

export type MatchLogic =
  | { and: MatchLogic[] }
  | { or: MatchLogic[] }
  | { contains: string }
  | { ends_with: string }
  | { equals: string }
  | { regex: string }
  | { starts_with: string };

export interface CatalogProvider {
  id: string;
  models: [MatchLogic, number][];
}

export function matches(rule: MatchLogic, model: string): boolean {
  if ("and" in rule) return rule.and.every((r) => matches(r, model));
  if ("or" in rule) return rule.or.some((r) => matches(r, model));
  if ("equals" in rule) return model === rule.equals;
  if ("starts_with" in rule) return model.startsWith(rule.starts_with);
  if ("ends_with" in rule) return model.endsWith(rule.ends_with);
  if ("contains" in rule) return model.includes(rule.contains);
  try {
    return new RegExp(rule.regex).test(model);
  } catch {
    return false;
  }
}

/**
 * The context window of `model` in tokens, or undefined when the catalog does not know it. The
 * provider in use (openai, anthropic) is searched first, then every other provider of the catalog
 * (models served through an OpenAI-compatible endpoint keep their own names).
 */
export async function catalogContextWindow(model: string, provider?: string): Promise<number | undefined> {
  const { CATALOG } = await import("./model-catalog-data.js");
  const name = model.toLowerCase();
  const ordered = [...CATALOG.filter((p) => p.id === provider), ...CATALOG.filter((p) => p.id !== provider)];
  for (const p of ordered) for (const [rule, window] of p.models) if (matches(rule, name)) return window;
  return undefined;
}

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

// Which model a run uses and where its requests go: the explicit model, else the session's, else the
// configured default, else the first provider whose key is set, else a local server that answers.

import type { AgentNotice } from "../agent/agent-session.js";
import { defaultModelFor, noProviderError, nothingConfigured, resolveConnection } from "../connection.js";
import type { PromptCaching } from "../providers/cache-anthropic.js";
import { inferProvider } from "../providers/index.js";
import { type LocalServer, probeLocalServers } from "../providers/local-probe.js";
import type { Provider, ProviderName } from "../providers/types.js";
import type { Env } from "../settings/choices.js";

export type ConnectionFields = { provider?: ProviderName; apiKey?: string; baseUrl?: string };

export interface ModelWish extends ConnectionFields {
  /** Explicit (flag or SDK option): replaces the session's. */
  explicit?: string;
  /** The session's own model, when continuing one. */
  session?: string;
  /** The settings' model (files, AGENIX_MODEL) for a new session. */
  configured?: string;
  env: Env;
  probeLocal?: (env: Env) => Promise<LocalServer | undefined>;
}

/**
 * The model and endpoint. With no key and no base URL at all, a local OpenAI-compatible server that
 * answers (Ollama, LM Studio, llama.cpp) is used, with a notice naming it.
 */
export async function chooseModel(
  wish: ModelWish,
  notices: AgentNotice[],
): Promise<{ model: string; connectionInput: ConnectionFields }> {
  const input: ConnectionFields = { provider: wish.provider, apiKey: wish.apiKey, baseUrl: wish.baseUrl };
  const wanted = wish.explicit ?? wish.session ?? wish.configured;
  const wantsOpenAI = (input.provider ?? (wanted ? inferProvider(wanted) : "openai")) === "openai";
  if (wantsOpenAI && nothingConfigured(input, wish.env)) {
    const server = await (wish.probeLocal ?? probeLocalServers)(wish.env);
    if (server) {
      const model = wanted ?? server.models[0]!;
      notices.push({
        type: "notice",
        level: "info",
        text: `No API key set: using ${server.name} at ${server.baseUrl} with model ${model}${wanted ? "" : " (its first model; choose another with --model)"}.`,
      });
      return { model, connectionInput: { ...input, provider: "openai", baseUrl: server.baseUrl } };
    }
    if (wanted === undefined) throw noProviderError();
  }
  const model = wanted ?? defaultModelFor(input, wish.env);
  if (model === undefined) throw noProviderError();
  return { model, connectionInput: input };
}

/**
 * Resolves key and endpoint per model (a /model switch may change provider); one client per provider.
 * An explicit key or base URL belongs to the provider the session opened with: a switch to the other
 * provider (no --provider pinning it) uses that provider's own environment instead, so a model never
 * goes to the wrong server (`/v1/v1/messages`) or with the wrong provider's key.
 */
export function providerFactory(
  input: ConnectionFields,
  env: Env,
  home: ProviderName,
  extra: { timeoutMs?: number; promptCaching?: PromptCaching } = {},
): (model: string) => Promise<Provider> {
  const cache = new Map<string, Promise<Provider>>();
  return (model) => {
    const sameProvider = (input.provider ?? inferProvider(model)) === home;
    const own = sameProvider ? input : { provider: input.provider };
    const connection = resolveConnection({ model, ...own }, env, !sameProvider);
    const key = `${connection.provider}\n${connection.baseUrl ?? ""}`;
    let provider = cache.get(key);
    if (!provider) {
      provider = import("../providers/index.js").then(({ createProvider }) =>
        createProvider({
          provider: connection.provider,
          apiKey: connection.apiKey,
          baseUrl: connection.baseUrl,
          ...extra,
        }),
      );
      cache.set(key, provider);
    }
    return provider;
  };
}

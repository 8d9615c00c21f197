// A model id as given may name its provider: `openai/gpt-4o`, `anthropic/claude-...`.
import { UsageError } from "../errors.js";
import type { ProviderName } from "../providers/types.js";

const PROVIDER_PREFIX = /^([A-Za-z][\w.-]*)\/(.+)$/;

/**
 * `openai/` and `anthropic/` name their provider; any other `prefix/` is an error unless a base URL
 * points at an OpenAI-compatible server (those name models `org/model`, e.g. `meta-llama/Llama-3`),
 * so a typo never silently goes to the default provider.
 */
export function splitModelPrefix(
  model: string,
  hasBaseUrl: boolean,
  source = "--model",
): { model: string; provider?: ProviderName } {
  const match = PROVIDER_PREFIX.exec(model);
  if (!match) return { model };
  const [, prefix, rest] = match as unknown as [string, string, string];
  const lower = prefix.toLowerCase();
  if (lower === "openai" || lower === "anthropic") return { model: rest, provider: lower };
  if (hasBaseUrl) return { model };
  throw new UsageError(
    `Unknown provider prefix in ${source} ${JSON.stringify(model)}: "${prefix}/" (agenix speaks openai and anthropic). ` +
      `Use a model id such as gpt-4o or claude-sonnet-4-5 (optionally openai/... or anthropic/...), ` +
      "or pass --base-url for an OpenAI-compatible server that names its models this way.",
  );
}

// The run options table (options.ts), its first rows: the model, how to reach it, its system prompt,
// the turns a prompt may take and the reasoning effort.
import { UsageError } from "../../errors.js";
import type { ProviderName } from "../../providers/types.js";
import {
  nonEmpty,
  parsePositiveInt,
  parseReasoningEffortChoice,
  type ReasoningEffortChoice,
} from "../../settings/choices.js";
import { row, text } from "./row.js";

function providerName(raw: unknown, source: string): ProviderName | undefined {
  if (raw === undefined) return undefined;
  if (raw === "openai" || raw === "anthropic") return raw;
  throw new UsageError(
    `Unknown ${source === "--provider" ? "provider" : source}: ${String(raw)} (expected openai or anthropic)`,
  );
}

export const MODEL_OPTIONS = {
  model: row<string>({
    flag: "--model",
    sdk: "model",
    setting: "model",
    env: "AGENIX_MODEL",
    order: "layers",
    parse: (raw, source) => {
      if (typeof raw === "string" && raw.trim() === "" && source === "--model")
        throw new UsageError(
          "Empty --model: give a model id (e.g. --model gpt-4o or --model claude-sonnet-4-5), or leave the flag out for the default.",
        );
      return nonEmpty(text(raw));
    },
    note: "Only --model (or the SDK's model) replaces a continued session's model; unset: chosen from the keys that are set. A prefix openai/ or anthropic/ names the provider.",
  }),
  provider: row<ProviderName>({
    flag: "--provider",
    sdk: "provider",
    setting: "provider",
    env: "AGENIX_PROVIDER",
    order: "layers",
    parse: providerName,
    note: "A model's prefix (anthropic/...) outranks the files' and the environment's provider.",
  }),
  apiKey: row<string>({
    flag: "--api-key",
    sdk: "apiKey",
    order: "layers",
    parse: (raw) => nonEmpty(text(raw)),
    note: "Never in a settings file; else OPENAI_API_KEY / ANTHROPIC_API_KEY (by provider), then AGENIX_API_KEY.",
  }),
  baseUrl: row<string>({
    flag: "--base-url",
    sdk: "baseUrl",
    setting: "baseUrl",
    env: "AGENIX_BASE_URL",
    order: "layers",
    parse: (raw) => nonEmpty(text(raw)),
    note: "Unset everywhere: OPENAI_BASE_URL / OPENAI_API_BASE (openai) or ANTHROPIC_BASE_URL (anthropic).",
  }),
  maxTurns: row<number>({
    flag: "--max-turns",
    sdk: "maxTurns",
    setting: "maxTurns",
    env: "AGENIX_MAX_TURNS",
    order: "layers",
    defaults: { cli: 100, sdk: 10 },
    parse: (raw, source) => parsePositiveInt(raw, source),
  }),
  systemPrompt: row<string>({
    flag: "--system-prompt",
    sdk: "systemPrompt",
    setting: "systemPrompt",
    order: "layers",
    parse: text,
    note: "Unset: a continued session's own system_prompt, else the default prompt.",
  }),
  appendSystemPrompt: row<string>({
    flag: "--append-system-prompt",
    sdk: "appendSystemPrompt",
    setting: "appendSystemPrompt",
    order: "layers",
    parse: text,
  }),
  reasoningEffort: row<ReasoningEffortChoice>({
    flag: "--reasoning-effort",
    sdk: "reasoningEffort",
    setting: "reasoningEffort",
    env: "AGENIX_REASONING_EFFORT",
    order: "layers",
    parse: parseReasoningEffortChoice,
    note: "Any case; `none` in a higher layer turns a lower layer's effort off.",
  }),
} as const;

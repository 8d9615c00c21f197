// What a model accepts beyond the common request: its output limit (Anthropic requires max_tokens)
// and whether it takes a reasoning effort (OpenAI reasoning models) or extended thinking (Anthropic).
// The catalog agenix uses for context windows (@pydantic/genai-prices) carries no output limits or
// reasoning flags, so these follow the providers' model documentation, by model family.
import type { ReasoningEffort } from "../settings/choices.js";

/** Anthropic's documented maximum output per family (newest first); 8,192 for a family not listed. */
const ANTHROPIC_OUTPUT_LIMITS: [RegExp, number][] = [
  [/^claude-3-(opus|sonnet|haiku)/, 4_096],
  [/^claude-3-5-/, 8_192],
  [/^claude-3-7-sonnet/, 64_000],
  [/^claude-opus-4(-0|-1|-2025|$)/, 32_000],
  [/^claude-(opus|sonnet|haiku)-\d/, 64_000],
  [/^claude-(sonnet|opus|haiku)-4/, 64_000],
  [/^claude-[a-z]+-[5-9]/, 64_000],
];

export function anthropicOutputLimit(model: string): number {
  const name = model.toLowerCase();
  for (const [pattern, limit] of ANTHROPIC_OUTPUT_LIMITS) if (pattern.test(name)) return limit;
  return 8_192;
}

/** Extended thinking: Claude 3.7 Sonnet and every Claude 4 and later model. */
export function supportsAnthropicThinking(model: string): boolean {
  const name = model.toLowerCase();
  if (/^claude-(2|instant|v1|3-(opus|sonnet|haiku)|3-5-)/.test(name)) return false;
  return (
    /^claude-3-7-/.test(name) || /^claude-([a-z]+-)?[4-9]/.test(name) || /^claude-[a-z]+-[4-9]/.test(name)
  );
}

/** OpenAI's reasoning models (o1, o3, o4-mini, gpt-5 ...; not the gpt-5 chat variant). */
export function isOpenAIReasoningModel(model: string): boolean {
  const name = model.toLowerCase().replace(/^openai\//, "");
  return /^o\d/.test(name) || (/^gpt-5/.test(name) && !/-chat/.test(name));
}

const THINKING_BUDGETS: Record<ReasoningEffort, number> = {
  minimal: 1_024,
  low: 2_048,
  medium: 8_192,
  high: 24_576,
  xhigh: 32_000,
};

/** Anthropic budget_tokens for an effort: at least 1,024 (the API minimum), below max_tokens. */
export function thinkingBudget(effort: ReasoningEffort, maxTokens: number): number {
  return Math.max(1_024, Math.min(THINKING_BUDGETS[effort], maxTokens - 1_024));
}

// Cost estimation for a session: every assistant message is priced with its own model (sessions can
// switch model or provider mid-way; prices.ts prices one message) and the compactions' summary
// requests too, summed per model. A model the price data does not know is reported as unknown with
// its tokens, and makes the total incomplete rather than wrong.
import type { AssistantMessage, SessionData } from "../messages/types.js";
import {
  num,
  type PricePerMillion,
  type PriceSource,
  perMillion,
  priceMessage,
  priceSource,
} from "./prices.js";

export type { PricePerMillion, PriceSource } from "./prices.js";
export { PRICES_PACKAGE, PRICES_VERSION } from "./prices.js";

export interface ModelCost {
  /** The model name as recorded in the session. */
  model: string;
  /** The price data's provider and model id it matched, when known. */
  provider: string | null;
  matched_model: string | null;
  known: boolean;
  messages: number;
  prompt_tokens: number;
  completion_tokens: number;
  cache_read_tokens: number;
  cache_creation_tokens: number;
  total_tokens: number;
  /** USD per million tokens (base tier) for the latest priced message; null when unknown. */
  price_per_million: PricePerMillion | null;
  /** USD; null when the model has no known price. */
  cost_usd: number | null;
}

export interface CostReport {
  /** Sum over priced models, USD. */
  total_usd: number;
  /** False when some tokens belong to models with no known price. */
  complete: boolean;
  unknown_models: string[];
  models: ModelCost[];
  /** The compactions' summary requests, per model (`messages` counts compactions); in total_usd. */
  summaries: ModelCost[];
  source: PriceSource;
}

function emptyModel(model: string): ModelCost {
  return {
    model,
    provider: null,
    matched_model: null,
    known: true,
    messages: 0,
    prompt_tokens: 0,
    completion_tokens: 0,
    cache_read_tokens: 0,
    cache_creation_tokens: 0,
    total_tokens: 0,
    price_per_million: null,
    cost_usd: 0,
  };
}

/** Prices every assistant message that has usage, by its own model (else the session's), and every summary. */
export function estimateCost(session: SessionData): CostReport {
  const providerId = typeof session.provider === "string" ? session.provider : undefined;
  const models = priceByModel(
    session.messages.flatMap((m) => (m.role === "assistant" && m.usage ? [m] : [])),
    session.model,
    providerId,
  );
  // A summary request is priced like an assistant message of its model, at the compaction's time.
  const summaryMessages: AssistantMessage[] = (session.compactions ?? []).flatMap((c) =>
    c.usage
      ? [{ role: "assistant", content: [], model: c.model, usage: c.usage, timestamp: c.timestamp }]
      : [],
  );
  const summaries = priceByModel(summaryMessages, session.model, providerId);
  const unknown = [...new Set([...models, ...summaries].filter((m) => !m.known).map((m) => m.model))];
  return {
    total_usd: [...models, ...summaries].reduce((sum, m) => sum + (m.cost_usd ?? 0), 0),
    complete: unknown.length === 0,
    unknown_models: unknown,
    models,
    summaries,
    source: priceSource(),
  };
}

function priceByModel(messages: AssistantMessage[], sessionModel: string, providerId?: string): ModelCost[] {
  const byModel = new Map<string, ModelCost>();
  for (const message of messages) {
    if (message.role !== "assistant" || !message.usage) continue;
    const model = message.model || sessionModel;
    let entry = byModel.get(model);
    if (!entry) {
      entry = emptyModel(model);
      byModel.set(model, entry);
    }
    const usage = message.usage;
    entry.messages++;
    entry.prompt_tokens += num(usage.prompt_tokens);
    entry.completion_tokens += num(usage.completion_tokens);
    entry.cache_read_tokens += num(usage.cache_read_tokens);
    entry.cache_creation_tokens += num(usage.cache_creation_tokens);
    entry.total_tokens += num(usage.total_tokens);
    const messageProvider = typeof message.provider === "string" ? message.provider : providerId;
    const price = priceMessage(message, model, messageProvider);
    if (!price) {
      // One unpriced message makes the model's figure unknown: a partial sum would understate it.
      entry.known = false;
      entry.cost_usd = null;
      continue;
    }
    entry.provider = price.provider;
    entry.matched_model = price.matchedModel;
    entry.price_per_million = perMillion(price.prices);
    if (entry.known) entry.cost_usd = (entry.cost_usd ?? 0) + price.cost;
  }
  const models = [...byModel.values()];
  for (const m of models) if (!m.known) m.price_per_million = null;
  return models;
}

function usd(value: number): string {
  return `$${value.toFixed(4)}`;
}

function rate(value: number | null): string {
  return value === null ? "-" : `$${value}`;
}

/** The text `agenix sessions cost` prints. */
export function formatCost(report: CostReport): string {
  const lines: string[] = [];
  if (report.models.length === 0) lines.push("No token usage recorded in this session.");
  for (const m of report.models) {
    const matched = m.matched_model ? ` (${m.provider}: ${m.matched_model})` : "";
    lines.push(`${m.model}${matched}: ${m.messages} message${m.messages === 1 ? "" : "s"}`);
    lines.push(
      `  prompt ${m.prompt_tokens} (cache read ${m.cache_read_tokens}, cache write ${m.cache_creation_tokens}), ` +
        `completion ${m.completion_tokens}, total ${m.total_tokens}`,
    );
    const p = m.price_per_million;
    if (p && m.cost_usd !== null) {
      lines.push(
        `  per 1M tokens: input ${rate(p.input)}, output ${rate(p.output)}, ` +
          `cache read ${rate(p.cache_read)}, cache write ${rate(p.cache_write)}`,
      );
      lines.push(`  cost: ${usd(m.cost_usd)}`);
    } else {
      lines.push("  cost: unknown (no price known for this model)");
    }
  }
  for (const m of report.summaries ?? []) {
    const cost = m.cost_usd === null ? "unknown (no price known for this model)" : usd(m.cost_usd);
    lines.push(
      `Compaction summaries on ${m.model}: ${m.messages} request${m.messages === 1 ? "" : "s"}, prompt ${m.prompt_tokens}, completion ${m.completion_tokens}, cost: ${cost}`,
    );
  }
  const incomplete = report.complete
    ? ""
    : ` (incomplete: no price known for ${report.unknown_models.join(", ")})`;
  lines.push(`Estimated cost: ${usd(report.total_usd)}${incomplete}`);
  lines.push(`Prices: ${report.source.description}`);
  return lines.join("\n");
}

// Cost estimation with current per-model prices from @pydantic/genai-prices.
// Each assistant message is priced with its own model (sessions can switch model or provider mid-way) at
// its own timestamp (the data has dated and time-of-day prices), with cache reads and writes at their
// own rates. A model the price data does not know is reported as unknown with its tokens: pricing it as
// some other model would print a number that looks right and is not.
import { createRequire } from "node:module";
import type { calcPrice as CalcPrice, ModelPrice } from "@pydantic/genai-prices";
import type { AssistantMessage, SessionData } from "../messages/types.js";

/** Kept in step with package.json's exact pin (a test checks it against the installed package). */
export const PRICES_PACKAGE = "@pydantic/genai-prices";
export const PRICES_VERSION = "0.1.8";

export interface PriceSource {
  package: string;
  version: string;
  /** The price data's date, when the package exposes one (0.1.8 does not). */
  data_date: string | null;
  description: string;
}

export interface PricePerMillion {
  input: number;
  output: number;
  cache_read: number | null;
  cache_write: number | null;
}

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

let calcPriceFn: typeof CalcPrice | undefined;

// The price data is ~0.8 MB of JavaScript (~80 ms to load): load it on first use, not at import, so
// commands that never price anything do not pay for it.
function calcPrice(): typeof CalcPrice {
  if (!calcPriceFn) {
    const require = createRequire(import.meta.url);
    calcPriceFn = (require("@pydantic/genai-prices") as { calcPrice: typeof CalcPrice }).calcPrice;
  }
  return calcPriceFn;
}

function priceSource(): PriceSource {
  return {
    package: PRICES_PACKAGE,
    version: PRICES_VERSION,
    data_date: null,
    description: `${PRICES_PACKAGE}@${PRICES_VERSION} (bundled price data; the package exposes no data date)`,
  };
}

function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}

function basePrice(price: ModelPrice[string]): number | null {
  if (typeof price === "number") return price;
  if (price && typeof price === "object" && typeof price.base === "number") return price.base;
  return null;
}

function perMillion(prices: ModelPrice): PricePerMillion {
  return {
    input: basePrice(prices.input_mtok) ?? 0,
    output: basePrice(prices.output_mtok) ?? 0,
    cache_read: basePrice(prices.cache_read_mtok),
    cache_write: basePrice(prices.cache_write_mtok),
  };
}

/**
 * The price data has one cache-write rate, the five-minute one (1.25x input at Anthropic). Writes
 * with a one-hour lifetime cost 2x input: the difference for the tokens the provider reported as
 * one-hour writes, at the base tier.
 */
function oneHourSurcharge(usage: NonNullable<AssistantMessage["usage"]>, prices: ModelPrice): number {
  const oneHour = Math.min(num(usage.cache_creation_1h_tokens), num(usage.cache_creation_tokens));
  if (!oneHour) return 0;
  const input = basePrice(prices.input_mtok);
  if (input === null) return 0;
  const fiveMinute = basePrice(prices.cache_write_mtok) ?? input;
  return (oneHour * Math.max(0, 2 * input - fiveMinute)) / 1_000_000;
}

interface MessagePrice {
  cost: number;
  provider: string;
  matchedModel: string;
  prices: ModelPrice;
}

function priceMessage(message: AssistantMessage, model: string, providerId?: string): MessagePrice | null {
  const usage = message.usage!;
  const cacheRead = num(usage.cache_read_tokens);
  const cacheWrite = num(usage.cache_creation_tokens);
  // genai-prices wants input_tokens to include the cached parts; a provider adapter that reported them
  // separately would make the parts exceed the whole, which the package rejects: never go below them.
  const input = Math.max(num(usage.prompt_tokens), cacheRead + cacheWrite);
  const priced = { input_tokens: input, output_tokens: num(usage.completion_tokens) } as Record<
    string,
    number
  >;
  if (cacheRead) priced.cache_read_tokens = cacheRead;
  if (cacheWrite) priced.cache_write_tokens = cacheWrite;
  const when = Date.parse(message.timestamp);
  const timestamp = Number.isFinite(when) ? new Date(when) : undefined;
  const attempts = providerId ? [{ providerId, timestamp }, { timestamp }] : [{ timestamp }];
  for (const options of attempts) {
    try {
      const result = calcPrice()(priced, model, options);
      if (result) {
        return {
          cost: result.total_price + oneHourSurcharge(usage, result.model_price),
          provider: result.provider.id,
          matchedModel: result.model.id,
          prices: result.model_price,
        };
      }
    } catch {
      // Incomplete price data for this model (the package throws): treat as unknown rather than guess.
    }
  }
  return null;
}

/**
 * USD for one assistant message's usage (cache reads and writes at their own rates), or null when the
 * price data does not know its model. Used for the run's running spend (--max-budget-usd).
 */
export function messageCost(
  message: AssistantMessage,
  fallbackModel: string,
  providerId?: string,
): number | null {
  if (!message.usage) return 0;
  return priceMessage(message, message.model || fallbackModel, providerId)?.cost ?? null;
}

/** The prices per million tokens of a model (base tier), or null when unknown. */
export function modelPrices(model: string, providerId?: string): PricePerMillion | null {
  const probe: AssistantMessage = {
    role: "assistant",
    content: [],
    model,
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    timestamp: new Date().toISOString(),
  };
  const price = priceMessage(probe, model, providerId);
  return price ? perMillion(price.prices) : null;
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

// Pricing one assistant message with current per-model prices from @pydantic/genai-prices: by its
// own model, at its own timestamp (the data has dated and time-of-day prices), with cache reads and
// writes at their own rates. A model the price data does not know has no price (null): pricing it
// as some other model would print a number that looks right and is not. cost.ts adds these up.
import { createRequire } from "node:module";
import type { calcPrice as CalcPrice, ModelPrice } from "@pydantic/genai-prices";
import type { AssistantMessage } from "../messages/types.js";

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

export function priceSource(): PriceSource {
  return {
    package: PRICES_PACKAGE,
    version: PRICES_VERSION,
    data_date: null,
    description: `${PRICES_PACKAGE}@${PRICES_VERSION} (bundled price data; the package exposes no data date)`,
  };
}

/** A token count as recorded: a positive finite number, else 0. */
export function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}

function basePrice(price: ModelPrice[string]): number | null {
  if (typeof price === "number") return price;
  if (price && typeof price === "object" && typeof price.base === "number") return price.base;
  return null;
}

export function perMillion(prices: ModelPrice): PricePerMillion {
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

export function priceMessage(
  message: AssistantMessage,
  model: string,
  providerId?: string,
): MessagePrice | null {
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

// Which failures are worth another try, how long to wait, and what to tell the user when we give up.
// Classifies SDK errors by shape (status, headers) so this file never imports an SDK.
import { ContextWindowError, ProviderError } from "../errors.js";
import { formatSeconds } from "../format-seconds.js";
import { API_KEY_VARIABLES } from "./api-keys.js";
import type { ProviderName } from "./types.js";

export type FailureKind = "http" | "connection" | "incomplete" | "timeout";

export interface Failure {
  kind: FailureKind;
  status?: number;
  /** Short, for retry notes: "429 Too Many Requests", "connection error (ECONNRESET)". */
  reason: string;
  /** The server's own words, when it gave any. */
  serverMessage?: string;
  /** Wait the server asked for, in ms. */
  retryAfterMs?: number;
  /** The error code in the body (OpenAI `code`, Anthropic `error.type`). */
  code?: string;
  retryable: boolean;
}

const RETRYABLE_STATUS = (s: number) => s === 408 || s === 409 || s === 429 || s >= 500;

// A small table rather than node:http's STATUS_CODES: loading node:http costs start-up time for nothing.
const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  408: "Request Timeout",
  409: "Conflict",
  413: "Payload Too Large",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  529: "Overloaded",
};

function statusText(status: number): string {
  return STATUS_TEXT[status] ?? "";
}

interface ErrorShape {
  status?: unknown;
  headers?: unknown;
  error?: unknown;
  message?: unknown;
  name?: unknown;
  cause?: unknown;
  code?: unknown;
}

/** Reads an SDK error (openai or @anthropic-ai/sdk, same shapes) or a network error. */
export function classifyFailure(err: unknown, timedOut: boolean, timeoutMs: number): Failure {
  if (timedOut || (err as ErrorShape | undefined)?.name === "APIConnectionTimeoutError")
    return { kind: "timeout", reason: `no answer within ${formatSeconds(timeoutMs)}`, retryable: true };
  const e = (err ?? {}) as ErrorShape;
  if (e.name === "IncompleteStreamError")
    return { kind: "incomplete", reason: "the stream ended before the model finished", retryable: true };
  if (typeof e.status === "number") {
    const status = e.status;
    return {
      kind: "http",
      status,
      reason: `${status} ${statusText(status)}`.trim(),
      serverMessage: serverMessage(e),
      code: errorCode(e),
      retryAfterMs: retryAfterMs(e.headers),
      retryable: RETRYABLE_STATUS(status),
    };
  }
  return { kind: "connection", reason: `connection error (${networkReason(err)})`, retryable: true };
}

/** The message inside an API error body: OpenAI `{error:{message}}`, Anthropic `{type,error:{message}}`. */
function serverMessage(e: ErrorShape): string | undefined {
  const body = e.error as { message?: unknown; error?: { message?: unknown } } | undefined;
  const inner = body?.message ?? body?.error?.message;
  if (typeof inner === "string" && inner) return inner;
  return typeof e.message === "string" ? e.message.replace(/^\d{3}\s*/, "") || undefined : undefined;
}

function errorCode(e: ErrorShape): string | undefined {
  const body = e.error as { code?: unknown; error?: { code?: unknown } } | undefined;
  const code = e.code ?? body?.code ?? body?.error?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * OpenAI: 400 with code `context_length_exceeded` ("This model's maximum context length is ...");
 * Anthropic: 400 "prompt is too long: N tokens > M maximum"; compatible servers word it in similar ways
 * (some answer 413).
 */
export function isContextLengthFailure(f: Pick<Failure, "status" | "serverMessage" | "code">): boolean {
  if (f.status !== 400 && f.status !== 413) return false;
  if (f.code === "context_length_exceeded") return true;
  return /prompt is too long|maximum context length|context[_ ]length|context window|too many tokens|exceeds? the (model's )?context/i.test(
    f.serverMessage ?? "",
  );
}

/** The most specific words a network failure offers: ECONNRESET, "other side closed", ... */
function networkReason(err: unknown): string {
  let current = err as ErrorShape | undefined;
  let best = "unknown error";
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === "string") return current.code;
    if (typeof current.message === "string" && current.message) best = current.message;
    current = current.cause as ErrorShape | undefined;
  }
  return best;
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  const h = headers as { get?: (n: string) => string | null } & Record<string, unknown>;
  const value = typeof h.get === "function" ? h.get(name) : h[name];
  return typeof value === "string" ? value : undefined;
}

/** `retry-after-ms` (ms), else `retry-after` as seconds or an HTTP date. */
export function retryAfterMs(headers: unknown, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(header(headers, "retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = header(headers, "retry-after");
  if (raw === undefined) return undefined;
  const seconds = Number.parseFloat(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

/** The server's wait when it names one (up to a minute), else exponential backoff with jitter. */
export function retryDelayMs(attempt: number, policy: BackoffPolicy, serverWaitMs?: number): number {
  if (serverWaitMs !== undefined) return Math.min(serverWaitMs, 60_000);
  const exponential = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
  // Half fixed, half random: spreads out clients that failed together without ever waiting ~0.
  return Math.round(exponential / 2 + (Math.random() * exponential) / 2);
}

export function retryNotice(
  delayMs: number,
  reason: string,
  nextAttempt: number,
  maxAttempts: number,
): string {
  return `Retrying in ${(delayMs / 1000).toFixed(1)}s after ${reason} (attempt ${nextAttempt}/${maxAttempts})...`;
}

export interface FailureContext {
  provider: ProviderName;
  model: string;
  baseUrl: string;
  timeoutMs: number;
  attempts: number;
}

/** The error the user sees after the last try: what went wrong and what to do about it. */
export function finalError(f: Failure, ctx: FailureContext): ProviderError {
  const { provider } = ctx;
  const server = f.serverMessage ? `: ${f.serverMessage}` : "";
  const tries = ctx.attempts > 1 ? ` after ${ctx.attempts} attempts` : "";
  if (f.kind === "timeout")
    return new ProviderError(
      `${provider} did not answer within ${formatSeconds(ctx.timeoutMs)}${tries}`,
      undefined,
      true,
    );
  if (f.kind === "connection" || f.kind === "incomplete")
    return new ProviderError(
      `Cannot reach ${provider} at ${ctx.baseUrl}: ${f.kind === "incomplete" ? f.reason : f.reason.replace(/^connection error \((.*)\)$/, "$1")}${tries}`,
      undefined,
      true,
    );
  const status = f.status ?? 0;
  const keyHint = `Check ${API_KEY_VARIABLES[provider]} or --api-key.`;
  if (status === 401) return new ProviderError(`Invalid API key for ${provider} (HTTP 401). ${keyHint}`, 401);
  if (status === 403)
    return new ProviderError(`Access denied by ${provider} (HTTP 403)${server}. ${keyHint}`, 403);
  if (status === 404)
    return new ProviderError(`Unknown model ${ctx.model} for ${provider} (HTTP 404). Check --model.`, 404);
  if (isContextLengthFailure(f))
    return new ContextWindowError(
      `The conversation is too long for ${ctx.model}'s context window (${provider}, HTTP ${status})${server}`,
      status,
      f.serverMessage,
    );
  if (status === 400) return new ProviderError(`${provider} rejected the request (HTTP 400)${server}`, 400);
  return new ProviderError(`${provider} failed with HTTP ${f.reason}${tries}${server}`, status, f.retryable);
}

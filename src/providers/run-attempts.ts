// The request loop both providers share: one streamed attempt at a time, an idle timeout, abort, and
// retries. Text streamed by a failed attempt is discarded (a `retry` event tells listeners so); the done
// message holds only the final attempt's output.
import { ProviderError } from "../errors.js";
import { type AttemptOutput, assistantMessage, partialMessage } from "./message.js";
import { classifyFailure, finalError, retryDelayMs, retryNotice } from "./retry.js";
import type { ProviderEvent, ProviderName, ProviderOptions, ProviderRequest } from "./types.js";

/**
 * One request over the wire: yields text deltas, returns the complete reply, throws on failure.
 * `touch` is called for every chunk received; it restarts the idle timer.
 */
export type Attempt = (signal: AbortSignal, touch: () => void) => AsyncGenerator<string, AttemptOutput, void>;

export interface AttemptContext {
  provider: ProviderName;
  /** The base URL actually used, for "Cannot reach ..." messages. */
  baseUrl: string;
  options: ProviderOptions;
}

export const DEFAULT_TIMEOUT_MS = 600_000;
const DEFAULT_MAX_ATTEMPTS = 4;

export async function* streamWithRetries(
  ctx: AttemptContext,
  request: ProviderRequest,
  attempt: Attempt,
): AsyncGenerator<ProviderEvent, void, undefined> {
  const { options } = ctx;
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const policy = { baseMs: options.retryBaseMs ?? 500, capMs: options.retryCapMs ?? 30_000 };
  const aborted = (text: string): ProviderEvent => ({
    type: "error",
    error: new ProviderError("Request aborted."),
    aborted: true,
    partial: partialMessage(request.model, text),
  });

  for (let n = 1; ; n++) {
    if (request.signal?.aborted) return yield aborted("");
    let streamed = "";
    let timedOut = false;
    let failure: unknown;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // The timeout is for silence, not total time: a long answer that keeps streaming is not cut off.
    const touch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      timer.unref();
    };
    const forwardAbort = () => controller.abort();
    request.signal?.addEventListener("abort", forwardAbort, { once: true });
    // Rejects as soon as we abort, so an SDK that is slow to notice cannot keep us waiting.
    const stopped = new Promise<never>((_, reject) =>
      controller.signal.addEventListener("abort", () => reject(new Error("aborted")), { once: true }),
    );
    stopped.catch(() => {});
    const wire = attempt(controller.signal, touch);
    touch();
    let reply: AttemptOutput | undefined;
    try {
      for (;;) {
        const step = await Promise.race([wire.next(), stopped]);
        if (step.done) {
          reply = step.value;
          break;
        }
        streamed += step.value;
        yield { type: "text_delta", text: step.value };
      }
    } catch (err) {
      failure = err;
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener("abort", forwardAbort);
      controller.abort(); // ends the HTTP request if it is still open
      wire.return(undefined as never).catch(() => {});
    }
    // Yielded after the cleanup above: a consumer that stops at `done` without closing this
    // generator must not leave our abort listener on its (often long-lived) signal.
    if (reply) {
      yield { type: "done", message: assistantMessage(request.model, reply) };
      return;
    }

    if (request.signal?.aborted) return yield aborted(streamed);
    const f = classifyFailure(failure, timedOut, timeoutMs);
    if (!f.retryable || n >= maxAttempts) {
      const error = finalError(f, { ...ctx, model: request.model, timeoutMs, attempts: n });
      yield {
        type: "error",
        error,
        aborted: false,
        ...(streamed ? { partial: partialMessage(request.model, streamed) } : {}),
      };
      return;
    }
    const delayMs = retryDelayMs(n, policy, f.retryAfterMs);
    yield { type: "retry", attempt: n + 1, maxAttempts, delayMs, reason: f.reason };
    options.onNotice?.(retryNotice(delayMs, f.reason, n + 1, maxAttempts));
    if (!(await sleepUnlessAborted(delayMs, request.signal))) return yield aborted("");
  }
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

// Retry policy and the messages a user sees when a provider fails for good.
import { describe, expect, it } from "vitest";
import {
  classifyFailure,
  finalError,
  retryAfterMs,
  retryDelayMs,
  retryNotice,
} from "../../src/providers/retry.js";

const ctx = {
  provider: "openai" as const,
  model: "gpt-4o",
  baseUrl: "http://x/v1",
  timeoutMs: 600_000,
  attempts: 4,
};

describe("retry policy", () => {
  it("reads retry-after-ms, retry-after seconds and dates", () => {
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250" }))).toBe(250);
    expect(retryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2000);
    const now = Date.parse("2024-01-01T00:00:00Z");
    expect(retryAfterMs(new Headers({ "retry-after": "Mon, 01 Jan 2024 00:00:03 GMT" }), now)).toBe(3000);
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });

  it("backs off exponentially with jitter inside [half, full] of the step, capped", () => {
    const policy = { baseMs: 500, capMs: 30_000 };
    for (let i = 0; i < 50; i++) {
      const third = retryDelayMs(3, policy);
      expect(third).toBeGreaterThanOrEqual(1000);
      expect(third).toBeLessThanOrEqual(2000);
      expect(retryDelayMs(20, policy)).toBeLessThanOrEqual(30_000);
    }
    expect(retryDelayMs(1, policy, 4000)).toBe(4000);
    expect(retryDelayMs(1, policy, 10 * 60_000)).toBe(60_000);
  });

  it("retries 408/409/429/5xx/529 and connection errors, not other 4xx", () => {
    const http = (status: number) =>
      classifyFailure({ status, headers: new Headers() }, false, 1000).retryable;
    expect([408, 409, 429, 500, 502, 503, 529].map(http)).toEqual(Array(7).fill(true));
    expect([400, 401, 403, 404, 422].map(http)).toEqual(Array(5).fill(false));
    const reset = classifyFailure(
      new TypeError("terminated", { cause: { code: "ECONNRESET" } }),
      false,
      1000,
    );
    expect(reset).toMatchObject({
      kind: "connection",
      reason: "connection error (ECONNRESET)",
      retryable: true,
    });
  });

  it("writes the notice the CLI prints", () => {
    expect(retryNotice(2000, "429 Too Many Requests", 2, 4)).toBe(
      "Retrying in 2.0s after 429 Too Many Requests (attempt 2/4)...",
    );
  });
});

describe("final errors", () => {
  const fail = (status: number, message = "boom") =>
    finalError(
      classifyFailure({ status, error: { error: { message } }, headers: new Headers() }, false, 1),
      ctx,
    );

  it("names the problem and what to do", () => {
    expect(fail(401).message).toBe(
      "Invalid API key for openai (HTTP 401). Check OPENAI_API_KEY or --api-key.",
    );
    expect(fail(403).message).toBe(
      "Access denied by openai (HTTP 403): boom. Check OPENAI_API_KEY or --api-key.",
    );
    expect(fail(404).message).toBe("Unknown model gpt-4o for openai (HTTP 404). Check --model.");
    expect(fail(400, "bad tool").message).toBe("openai rejected the request (HTTP 400): bad tool");
    expect(fail(500).message).toBe(
      "openai failed with HTTP 500 Internal Server Error after 4 attempts: boom",
    );
    const timeout = finalError(classifyFailure(new Error("aborted"), true, 90_000), {
      ...ctx,
      timeoutMs: 90_000,
    });
    expect(timeout.message).toBe("openai did not answer within 90s after 4 attempts");
    const refused = finalError(
      classifyFailure(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } }), false, 1),
      ctx,
    );
    expect(refused.message).toBe("Cannot reach openai at http://x/v1: ECONNREFUSED after 4 attempts");
  });
});

// What both SDK clients are constructed with: the resolved key and endpoint, no SDK retries, and a
// timeout that only backs up our own.
import { DEFAULT_TIMEOUT_MS } from "./run-attempts.js";
import type { ProviderOptions } from "./types.js";

/** Sent when a base URL is given without a key: local servers ignore it, the SDKs insist on one. */
export const PLACEHOLDER_KEY = "agenix-no-key";

export function sdkClientOptions(options: ProviderOptions) {
  return {
    apiKey: options.apiKey || PLACEHOLDER_KEY,
    baseURL: options.baseUrl,
    maxRetries: 0, // our own loop retries, so every retry is visible to the user
    // Longer than our own idle timer (run-attempts.ts), which decides and words the timeout error.
    timeout: (options.timeoutMs ?? DEFAULT_TIMEOUT_MS) + 5_000,
  };
}

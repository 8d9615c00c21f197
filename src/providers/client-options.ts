// What both SDK clients are constructed with: the resolved key and endpoint, no SDK retries, and a
// timeout that only backs up our own.
import { PLACEHOLDER_API_KEY } from "./api-keys.js";
import { DEFAULT_TIMEOUT_MS } from "./run-attempts.js";
import type { ProviderOptions } from "./types.js";

export function sdkClientOptions(options: ProviderOptions) {
  return {
    apiKey: options.apiKey || PLACEHOLDER_API_KEY,
    baseURL: options.baseUrl,
    maxRetries: 0, // our own loop retries, so every retry is visible to the user
    // Longer than our own idle timer (run-attempts.ts), which decides and words the timeout error.
    timeout: (options.timeoutMs ?? DEFAULT_TIMEOUT_MS) + 5_000,
  };
}

// Where each provider's API key comes from, and what is sent when there is none.
import type { ProviderName } from "./types.js";

/** The environment variable holding each provider's key (AGENIX_API_KEY is the shared fallback). */
export const API_KEY_VARIABLES: Record<ProviderName, string> = {
  openai: "OPENAI_API_KEY",
  anthropic: "ANTHROPIC_API_KEY",
};

/** Sent when a base URL is given without a key: local servers ignore it, the SDK clients insist on one. */
export const PLACEHOLDER_API_KEY = "agenix-no-key";

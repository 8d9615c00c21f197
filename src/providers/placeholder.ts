/** Sent when a base URL is given without a key: local servers ignore it, the SDKs insist on one. */
export const PLACEHOLDER_KEY = "agenix-no-key";

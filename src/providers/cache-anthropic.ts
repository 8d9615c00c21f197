// Anthropic prompt caching: where the `cache_control` breakpoints go. The API caches a prompt prefix
// only up to a block marked with a breakpoint (at most 4 per request, never on a thinking block), and on
// each request looks for a cached prefix at each breakpoint and up to 20 blocks before it. We mark:
//   1. the last tool definition (tools are rendered first: the tools alone are a stable prefix),
//   2. the last system block (tools + system prompt, context files and skills),
//   3-4. the last cacheable block of each of the two most recent messages: a sliding pair, so the next
//      request (two or three messages later) still finds the previous request's prefix within reach,
//      and a cache that missed or expired on the newest breakpoint can still be read at the older one.
// The summary of a compaction is the first message sent afterwards: part of the stable prefix like any
// other message. Every breakpoint has the same TTL, so the API's rule that a 1h breakpoint never follows
// a 5m one always holds. Pure: no SDK import.
import type { AnthropicWireBlock, AnthropicWireMessage, AnthropicWireTool } from "./convert-anthropic.js";

export type CacheTtl = "5m" | "1h";

/**
 * `false`: no breakpoints (and no OpenAI cache key); otherwise the TTL of every breakpoint (default 5m,
 * the API's default) and whether OpenAI requests carry `prompt_cache_key` (default: api.openai.com only).
 */
export type PromptCaching = false | { ttl?: CacheTtl; cacheKey?: boolean };

export interface CacheControl {
  type: "ephemeral";
  ttl?: "1h";
}

export const MAX_BREAKPOINTS = 4;

/** Blocks the API lets carry a breakpoint (thinking and redacted_thinking may not). */
const CACHEABLE = new Set(["text", "image", "tool_use", "tool_result", "document"]);

export type CachedBlock = AnthropicWireBlock & { cache_control?: CacheControl };
export type CachedTool = AnthropicWireTool & { cache_control?: CacheControl };
export type CachedSystemBlock = { type: "text"; text: string; cache_control?: CacheControl };

export interface CachedRequestParts {
  /** A string without caching (as before), else one text block carrying the breakpoint. */
  system?: string | CachedSystemBlock[];
  tools: CachedTool[];
  messages: { role: "user" | "assistant"; content: CachedBlock[] }[];
}

/**
 * The request's system prompt, tools and messages with breakpoints added (new objects; the inputs are
 * not changed).
 */
export function withCacheBreakpoints(
  systemPrompt: string,
  tools: AnthropicWireTool[],
  messages: AnthropicWireMessage[],
  caching: PromptCaching,
): CachedRequestParts {
  const control: CacheControl | undefined =
    caching === false
      ? undefined
      : caching.ttl === "1h"
        ? { type: "ephemeral", ttl: "1h" }
        : { type: "ephemeral" };
  const mark = <T extends object>(item: T): T => (control ? { ...item, cache_control: control } : item);
  const outTools: CachedTool[] = tools.map((t, i) => (i === tools.length - 1 ? mark(t) : t));
  const system = !systemPrompt
    ? undefined
    : control
      ? [mark({ type: "text" as const, text: systemPrompt })]
      : systemPrompt;
  const outMessages = messages.map((m) => ({
    role: m.role,
    content: (typeof m.content === "string"
      ? [{ type: "text" as const, text: m.content }]
      : m.content
    ).slice(),
  })) as CachedRequestParts["messages"];
  if (control) {
    let used = (outTools.length > 0 ? 1 : 0) + (system !== undefined ? 1 : 0);
    for (let i = outMessages.length - 1; i >= outMessages.length - 2 && i >= 0; i--) {
      if (used >= MAX_BREAKPOINTS) break;
      const content = outMessages[i]!.content;
      const at = lastCacheable(content);
      if (at === -1) continue;
      content[at] = { ...content[at]!, cache_control: control } as CachedBlock;
      used++;
    }
  }
  return { ...(system !== undefined ? { system } : {}), tools: outTools, messages: outMessages };
}

function lastCacheable(content: AnthropicWireBlock[]): number {
  for (let i = content.length - 1; i >= 0; i--) if (CACHEABLE.has(content[i]!.type)) return i;
  return -1;
}

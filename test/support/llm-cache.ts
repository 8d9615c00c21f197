// The scripted server's prompt caches, strict like the real ones.
// Anthropic: a prefix is cached only up to a block with `cache_control`; a request reads the longest
// prefix that ends at one of its breakpoints, or up to 20 blocks before one, and was written (or read)
// within its TTL (5 minutes, or 1 hour); prefixes under 1,024 tokens are not cached. At most 4
// breakpoints, none on a thinking block, and a 1h one never after a 5m one (the real 400s).
// OpenAI: automatic; the longest byte-identical prefix (tools, then messages) of an earlier request of
// the same model, when it reaches 1,024 tokens, is reported as cached_tokens (in steps of 128).
import { createHash } from "node:crypto";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export const MIN_CACHEABLE_TOKENS = 1024;
const LOOKBACK_BLOCKS = 20;
const TTL_MS = { "5m": 5 * 60_000, "1h": 60 * 60_000 } as const;

/** Characters / 4, like the server's whole-request estimate. */
const tokensOf = (chars: number) => Math.ceil(chars / 4);

interface Block {
  where: string;
  type: string;
  /** The block as it counts for the cache key (its cache_control left out). */
  bytes: string;
  cacheControl?: unknown;
}

/** Tools, then system blocks, then message blocks: the order the API processes them in. */
function anthropicBlocks(body: Obj): Block[] {
  const out: Block[] = [];
  const add = (where: string, block: unknown) => {
    const b = isObj(block) ? block : { type: "text", text: String(block) };
    const { cache_control, ...rest } = b;
    out.push({
      where,
      type: String(b.type ?? "tool"),
      bytes: JSON.stringify(rest),
      cacheControl: cache_control,
    });
  };
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  for (const [i, t] of list(body.tools).entries()) add(`tools.${i}`, t);
  if (typeof body.system === "string") add("system", { type: "text", text: body.system });
  for (const [i, b] of list(body.system).entries()) add(`system.${i}`, b);
  for (const [i, m] of list(body.messages).entries()) {
    const content = isObj(m) ? m.content : undefined;
    if (typeof content === "string") add(`messages.${i}.content.0`, { type: "text", text: content });
    for (const [j, b] of list(content).entries()) add(`messages.${i}.content.${j}`, b);
  }
  return out;
}

/** The 400 the real API sends for misplaced or too many breakpoints, or undefined. */
export function validateAnthropicCacheControl(
  body: unknown,
): { message: string; param?: string } | undefined {
  if (!isObj(body)) return undefined;
  const blocks = anthropicBlocks(body);
  let count = 0;
  let seen5m = false;
  for (const b of blocks) {
    if (b.cacheControl === undefined || b.cacheControl === null) continue;
    if (b.type === "thinking" || b.type === "redacted_thinking")
      return { message: `${b.where}.${b.type}.cache_control: Extra inputs are not permitted` };
    const cc = b.cacheControl;
    if (!isObj(cc) || cc.type !== "ephemeral")
      return {
        message: `${b.where}.cache_control: Input tag '${String(isObj(cc) ? cc.type : cc)}' found using 'type' does not match any of the expected tags: 'ephemeral'`,
      };
    if (cc.ttl !== undefined && cc.ttl !== "5m" && cc.ttl !== "1h")
      return { message: `${b.where}.cache_control.ttl: Input should be '5m' or '1h'` };
    if (cc.ttl === "1h" && seen5m)
      return {
        message: `${b.where}.cache_control.ttl: a ttl='1h' cache_control block must not come after a ttl='5m' cache_control block. Note that blocks are processed in the following order: \`tools\`, \`system\`, \`messages\`.`,
      };
    if (cc.ttl !== "1h") seen5m = true;
    count++;
  }
  if (count > 4)
    return { message: `A maximum of 4 blocks with cache_control may be provided. Found ${count}.` };
  return undefined;
}

export interface CacheUsage {
  cache_read_tokens: number;
  cache_creation_tokens: number;
  /** The part of cache_creation_tokens written at 1h breakpoints (the API's ephemeral_1h_input_tokens). */
  cache_creation_1h_tokens?: number;
}

export class AnthropicPromptCache {
  /** Prefix key -> expiry time (ms). */
  private readonly entries = new Map<string, number>();
  constructor(private readonly now: () => number = Date.now) {}

  /** Reads and writes the cache for one accepted request; returns the usage the API would report. */
  use(body: unknown): CacheUsage {
    if (!isObj(body)) return { cache_read_tokens: 0, cache_creation_tokens: 0 };
    const blocks = anthropicBlocks(body);
    const now = this.now();
    const hash = createHash("sha256").update(String(body.model));
    const keys: string[] = [];
    const tokens: number[] = [];
    let chars = 0;
    for (const b of blocks) {
      hash.update(b.bytes);
      keys.push(hash.copy().digest("hex"));
      chars += b.bytes.length;
      tokens.push(tokensOf(chars));
    }
    const breakpoints = blocks.flatMap((b, i) => (isObj(b.cacheControl) ? [i] : []));
    let hit = -1;
    for (const bp of breakpoints)
      for (let k = bp; k >= Math.max(0, bp - LOOKBACK_BLOCKS); k--) {
        const expiry = this.entries.get(keys[k]!);
        if (expiry !== undefined && expiry > now) {
          hit = Math.max(hit, k);
          break;
        }
      }
    const read = hit >= 0 ? tokens[hit]! : 0;
    let written = read;
    let writtenOneHour = read;
    for (const bp of breakpoints) {
      const oneHour = (blocks[bp]!.cacheControl as Obj).ttl === "1h";
      const ttl = oneHour ? TTL_MS["1h"] : TTL_MS["5m"];
      if (tokens[bp]! < MIN_CACHEABLE_TOKENS) continue;
      // A read refreshes the entry; a write creates it.
      if (bp <= hit) {
        if (this.entries.has(keys[bp]!)) this.entries.set(keys[bp]!, now + ttl);
        continue;
      }
      this.entries.set(keys[bp]!, now + ttl);
      written = Math.max(written, tokens[bp]!);
      // 1h breakpoints come first (the API refuses a 1h after a 5m), so the 1h writes are a prefix.
      if (oneHour) writtenOneHour = Math.max(writtenOneHour, tokens[bp]!);
    }
    if (hit >= 0)
      this.entries.set(keys[hit]!, Math.max(this.entries.get(keys[hit]!) ?? 0, now + TTL_MS["5m"]));
    const oneHour = writtenOneHour - read;
    return {
      cache_read_tokens: read,
      cache_creation_tokens: written - read,
      ...(oneHour > 0 ? { cache_creation_1h_tokens: oneHour } : {}),
    };
  }
}

export class OpenAIPromptCache {
  private readonly prompts: { model: string; text: string; at: number }[] = [];
  constructor(private readonly now: () => number = Date.now) {}

  /** cached_tokens for this request (then remembers its prompt). */
  use(body: unknown): number {
    if (!isObj(body)) return 0;
    const model = String(body.model);
    const text =
      JSON.stringify(body.tools ?? []) +
      (Array.isArray(body.messages) ? body.messages.map((m) => JSON.stringify(m)).join("\n") : "");
    const now = this.now();
    let best = 0;
    for (const p of this.prompts)
      if (p.model === model && now - p.at < TTL_MS["5m"]) best = Math.max(best, commonPrefix(p.text, text));
    this.prompts.push({ model, text, at: now });
    const tokens = Math.floor(best / 4);
    if (tokens < MIN_CACHEABLE_TOKENS) return 0;
    return MIN_CACHEABLE_TOKENS + Math.floor((tokens - MIN_CACHEABLE_TOKENS) / 128) * 128;
  }
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

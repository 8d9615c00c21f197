// Session analysis (the spec's "Session Analysis"): token usage and statistics.
// The five counts and the token total follow the spec's Python snippets exactly, so a user who runs
// those scripts on the same file gets the same numbers as `agenix sessions stats`.
// Cost estimation lives in cost.ts (it loads the price data lazily) and is re-exported here.
import type { SessionData } from "../messages/types.js";

export type { CostReport, ModelCost, PriceSource } from "./cost.js";
export { estimateCost, formatCost } from "./cost.js";

export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cache_read_tokens: number;
  cache_creation_tokens: number;
}

export interface SessionStats {
  total_messages: number;
  user_messages: number;
  assistant_messages: number;
  tool_calls: number;
  tool_results: number;
  /** Seconds from the first message's timestamp to the last one's (0 when unknown). */
  duration_seconds: number;
  tool_calls_by_name: Record<string, number>;
  /** Tool result messages with `is_error: true`. */
  tool_errors: number;
  usage: TokenUsage;
  /** Compactions recorded in the session (`compactions`). */
  compactions: number;
  /** Tokens of the compactions' summary requests (not part of `usage`, which the spec's script counts). */
  summary_usage: TokenUsage;
  /**
   * Share of all prompt tokens (messages and summaries) read from the provider's prompt cache, 0..1;
   * null when no prompt tokens are recorded.
   */
  cache_hit_rate: number | null;
  /** Subagents' sessions rolled up into these numbers (their ids); absent when there were none. */
  subagent_sessions?: string[];
}

/**
 * The session with its subagents' messages and compactions appended: what it cost in all (each
 * message keeps its own model and timestamp, so prices and token sums stay exact).
 */
export function withChildren(session: SessionData, children: readonly SessionData[]): SessionData {
  if (children.length === 0) return session;
  return {
    ...session,
    messages: [...session.messages, ...children.flatMap((c) => c.messages)],
    compactions: [...(session.compactions ?? []), ...children.flatMap((c) => c.compactions ?? [])],
  };
}

/** Cache reads over prompt tokens (which count the cached ones too), messages and summaries together. */
export function cacheHitRate(usage: TokenUsage, summaries: TokenUsage): number | null {
  const prompt = usage.prompt_tokens + summaries.prompt_tokens;
  return prompt > 0 ? (usage.cache_read_tokens + summaries.cache_read_tokens) / prompt : null;
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function emptyUsage(): TokenUsage {
  return {
    prompt_tokens: 0,
    completion_tokens: 0,
    total_tokens: 0,
    cache_read_tokens: 0,
    cache_creation_tokens: 0,
  };
}

/** Sums the `usage` of assistant messages; a message without usage counts 0 (as the spec's script skips it). */
export function tokenUsage(session: SessionData): TokenUsage {
  const usages = session.messages.flatMap((m) => (m.role === "assistant" && m.usage ? [m.usage] : []));
  return sumUsage(usages);
}

/** Sums the usage of the compactions' summary requests. */
export function summaryUsage(session: SessionData): TokenUsage {
  return sumUsage((session.compactions ?? []).flatMap((c) => (c.usage ? [c.usage] : [])));
}

function sumUsage(usages: Record<string, unknown>[]): TokenUsage {
  const total = emptyUsage();
  for (const usage of usages) {
    total.prompt_tokens += count(usage.prompt_tokens);
    total.completion_tokens += count(usage.completion_tokens);
    // The spec's script sums total_tokens as recorded, not prompt + completion: so do we.
    total.total_tokens += count(usage.total_tokens);
    total.cache_read_tokens += count(usage.cache_read_tokens);
    total.cache_creation_tokens += count(usage.cache_creation_tokens);
  }
  return total;
}

function durationSeconds(session: SessionData): number {
  const times = session.messages.map((m) => Date.parse(m.timestamp)).filter((t) => Number.isFinite(t));
  if (times.length < 2) return 0;
  return Math.max(0, Math.round((times[times.length - 1]! - times[0]!) / 1000));
}

/**
 * The spec's `analyze_session` counts, plus duration, calls per tool, tool errors and token usage;
 * with `children` (its subagents' sessions) their counts and tokens are added (the duration is the
 * parent's own).
 */
export function sessionStats(parent: SessionData, children: readonly SessionData[] = []): SessionStats {
  const session = withChildren(parent, children);
  const stats: SessionStats = {
    total_messages: session.messages.length,
    user_messages: 0,
    assistant_messages: 0,
    tool_calls: 0,
    tool_results: 0,
    duration_seconds: durationSeconds(parent),
    tool_calls_by_name: {},
    tool_errors: 0,
    usage: tokenUsage(session),
    compactions: Array.isArray(session.compactions) ? session.compactions.length : 0,
    summary_usage: summaryUsage(session),
    cache_hit_rate: null,
  };
  stats.cache_hit_rate = cacheHitRate(stats.usage, stats.summary_usage);
  if (children.length > 0) stats.subagent_sessions = children.map((c) => c.id);
  for (const message of session.messages) {
    if (message.role === "user") stats.user_messages++;
    else if (message.role === "assistant") {
      stats.assistant_messages++;
      for (const call of message.tool_calls ?? []) {
        stats.tool_calls++;
        stats.tool_calls_by_name[call.name] = (stats.tool_calls_by_name[call.name] ?? 0) + 1;
      }
    } else if (message.role === "tool") {
      stats.tool_results++;
      if (message.is_error === true) stats.tool_errors++;
    }
  }
  return stats;
}

export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h ${m}m ${s}s`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

/** The text `agenix sessions stats` prints. The first lines match the spec's snippet output. */
export function formatStats(stats: SessionStats): string {
  const byName = Object.entries(stats.tool_calls_by_name)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, n]) => `${name} ${n}`)
    .join(", ");
  const u = stats.usage;
  const lines = [
    `Messages: ${stats.total_messages}`,
    `  user ${stats.user_messages}, assistant ${stats.assistant_messages}, tool results ${stats.tool_results}`,
    `Tool calls: ${stats.tool_calls}`,
  ];
  if (byName) lines.push(`  ${byName}`);
  lines.push(
    `Tool errors: ${stats.tool_errors}`,
    `Duration: ${formatDuration(stats.duration_seconds)}`,
    `Prompt tokens: ${u.prompt_tokens}`,
    `Completion tokens: ${u.completion_tokens}`,
  );
  if (u.cache_read_tokens > 0) lines.push(`Cache read tokens: ${u.cache_read_tokens}`);
  if (u.cache_creation_tokens > 0) lines.push(`Cache creation tokens: ${u.cache_creation_tokens}`);
  if (stats.cache_hit_rate !== null && (u.cache_read_tokens > 0 || u.cache_creation_tokens > 0))
    lines.push(
      `Cache hit rate: ${(stats.cache_hit_rate * 100).toFixed(1)}% of prompt tokens read from cache`,
    );
  lines.push(`Total tokens: ${u.total_tokens}`);
  const subagents = stats.subagent_sessions ?? [];
  if (subagents.length > 0)
    lines.push(
      `Includes ${subagents.length} subagent session${subagents.length === 1 ? "" : "s"}: ${subagents.join(", ")} (--no-children: this session alone)`,
    );
  if (stats.compactions > 0) {
    const su = stats.summary_usage;
    lines.push(
      `Compactions: ${stats.compactions} (summaries: prompt ${su.prompt_tokens}, completion ${su.completion_tokens}, total ${su.total_tokens} tokens)`,
      `Total tokens with summaries: ${u.total_tokens + su.total_tokens}`,
    );
  }
  return lines.join("\n");
}

// What every importer shares: timestamps in the spec's format, usage in the spec's shape, and a
// builder that turns a stream of user / assistant / tool events into messages the providers accept
// (results paired to calls by id, orphans dropped, interrupted calls closed, empty turns skipped).
import { repairDanglingToolCalls } from "../../messages/repair-tool-calls.js";
import {
  type AssistantMessage,
  isoNow,
  type Message,
  type SessionData,
  type ToolCall,
  type Usage,
} from "../../messages/types.js";

export type AgentFormat = "claude-code" | "codex" | "pi" | "gemini" | "agenix-py";

/** ISO strings and epoch seconds or milliseconds -> `2024-01-01T12:00:00Z`; undefined if unusable. */
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

export function normalizeTimestamp(value: unknown): string | undefined {
  // Fast path: most transcripts already write UTC ISO 8601 (only the fraction must go).
  if (typeof value === "string" && ISO_UTC.test(value)) return `${value.slice(0, 19)}Z`;
  let ms: number;
  if (typeof value === "number" && Number.isFinite(value)) ms = value < 1e11 ? value * 1000 : value;
  else if (typeof value === "string" && value.trim() !== "") {
    // Python's isoformat() has no zone: it is the machine's local time, as JavaScript reads it too.
    ms = Date.parse(value);
    if (!Number.isFinite(ms) && /^\d+(\.\d+)?$/.test(value)) return normalizeTimestamp(Number(value));
  } else return undefined;
  if (!Number.isFinite(ms) || ms <= 0) return undefined;
  return isoNow(new Date(ms));
}

/** The spec's usage from input (all of it, cache included), output and cache counts. */
export function makeUsage(input: number, output: number, cacheRead = 0, cacheWrite = 0): Usage {
  const usage: Usage = { prompt_tokens: input, completion_tokens: output, total_tokens: input + output };
  if (cacheRead) usage.cache_read_tokens = cacheRead;
  if (cacheWrite) usage.cache_creation_tokens = cacheWrite;
  return usage;
}

/** A JSON value as an object to read fields from ({} when it is not one). */
export const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" ? (v as Record<string, unknown>) : {};

export const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/** Text of a content value: a string, or blocks with `text` (images and others named in brackets). */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content))
    return content === undefined || content === null ? "" : JSON.stringify(content);
  return content
    .map((block) => {
      if (typeof block === "string") return block;
      if (!block || typeof block !== "object") return "";
      const b = block as Record<string, unknown>;
      if (typeof b.text === "string") return b.text;
      if (typeof b.type === "string" && /image/.test(b.type)) return "[image]";
      return "";
    })
    .filter((t) => t !== "")
    .join("\n");
}

/** Tool call arguments as an object (a JSON string is parsed; anything else is wrapped). */
export function argumentsObject(value: unknown): Record<string, unknown> {
  if (typeof value === "string") {
    try {
      const parsed = JSON.parse(value);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed;
      return { input: parsed };
    } catch {
      return { input: value };
    }
  }
  if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  return value === undefined ? {} : { input: value };
}

export interface AssistantPart {
  text?: string;
  toolCalls?: ToolCall[];
  reasoning?: string;
  model?: string;
  usage?: Usage;
  stopReason?: string;
  timestamp?: string;
}

export interface Compaction {
  summary: string;
  /** Messages before it. */
  message_index: number;
  tokens_before?: number;
}

export class SessionBuilder {
  readonly messages: Message[] = [];
  readonly compactions: Compaction[] = [];
  private current: AssistantMessage | undefined;
  firstTimestamp: string | undefined;
  lastTimestamp: string | undefined;
  lastModel: string | undefined;

  private stamp(timestamp: string | undefined): string {
    const ts = timestamp ?? this.lastTimestamp ?? this.firstTimestamp ?? isoNow();
    this.firstTimestamp ??= ts;
    if (!this.lastTimestamp || ts > this.lastTimestamp) this.lastTimestamp = ts;
    return ts;
  }

  /** Starts a new assistant message (the next assistant parts go into it). */
  endAssistant(): void {
    this.current = undefined;
  }

  user(text: string, timestamp?: string): void {
    this.current = undefined;
    if (text.trim() === "") return;
    this.messages.push({ role: "user", content: text, timestamp: this.stamp(timestamp) });
  }

  /** Adds to the open assistant message, or opens one. */
  assistant(part: AssistantPart): void {
    let m = this.current;
    if (!m) {
      // Keys in agenix's order; the undefined ones are left out when the session is written.
      m = {
        role: "assistant",
        content: [],
        tool_calls: undefined,
        model: undefined,
        usage: undefined,
        stop_reason: undefined,
        reasoning: undefined,
        timestamp: this.stamp(part.timestamp),
      } as AssistantMessage;
      this.messages.push(m);
      this.current = m;
    } else if (part.timestamp) this.stamp(part.timestamp);
    if (part.text) {
      const last = m.content.at(-1);
      if (last)
        last.text += part.text.startsWith("\n") || last.text.endsWith("\n") ? part.text : `\n\n${part.text}`;
      else m.content.push({ type: "text", text: part.text });
    }
    if (part.toolCalls?.length) {
      m.tool_calls ??= [];
      m.tool_calls.push(...part.toolCalls);
    }
    if (part.reasoning) {
      const r = m as AssistantMessage & { reasoning?: string };
      r.reasoning = r.reasoning ? `${r.reasoning}\n\n${part.reasoning}` : part.reasoning;
    }
    if (part.model) {
      m.model = part.model;
      this.lastModel = part.model;
    }
    if (part.usage) m.usage = part.usage;
    if (part.stopReason) m.stop_reason = part.stopReason;
  }

  /** Usage reported after the message (Codex's token_count): goes to the last assistant message. */
  usageForLast(usage: Usage): void {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const m = this.messages[i]!;
      if (m.role === "assistant") {
        m.usage = usage;
        return;
      }
      if (m.role === "user") return;
    }
  }

  tool(id: string, name: string, content: string, isError: boolean, timestamp?: string): void {
    this.current = undefined;
    this.messages.push({
      role: "tool",
      tool_call_id: id,
      name,
      content,
      is_error: isError,
      timestamp: this.stamp(timestamp),
    });
  }

  compaction(summary: string, tokensBefore?: number): void {
    if (!summary.trim()) return;
    this.compactions.push({
      summary,
      message_index: this.messages.length,
      ...(tokensBefore ? { tokens_before: tokensBefore } : {}),
    });
  }

  /** The name a tool call had (for results that only carry the id). */
  callName(id: string): string | undefined {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const m = this.messages[i]!;
      if (m.role === "assistant") {
        const call = m.tool_calls?.find((c) => c.id === id);
        if (call) return call.name;
      }
    }
    return undefined;
  }

  /** Messages a provider accepts: see the file comment. Returns how many were dropped. */
  finish(): { messages: Message[]; dropped: number } {
    const kept: Message[] = [];
    let dropped = 0;
    let open = new Set<string>();
    for (const m of this.messages) {
      if (m.role === "tool") {
        if (!open.has(m.tool_call_id)) {
          dropped++;
          continue;
        }
        open.delete(m.tool_call_id);
        if (m.content === "") m.content = "(no output)";
        kept.push(m);
        continue;
      }
      if (m.role === "assistant") {
        m.content = m.content.filter((b) => b.text.trim() !== "");
        if (m.content.length === 0 && !m.tool_calls?.length) {
          dropped++;
          continue;
        }
        open = new Set((m.tool_calls ?? []).map((c) => c.id));
      } else open = new Set();
      kept.push(m);
    }
    return { messages: repairDanglingToolCalls(kept, this.lastTimestamp), dropped };
  }
}

export interface ImportedSession {
  data: SessionData;
  /** The transcript's own id (idempotency key with the agent). */
  sourceId: string;
  /** Lines that did not parse, or entries dropped to keep the history valid. */
  skippedLines: number;
}

export interface BuildOptions {
  agent: AgentFormat;
  path: string;
  sourceId: string;
  workingDir: string;
  model?: string;
  name?: string;
  skippedLines: number;
  extraMetadata?: Record<string, unknown>;
}

export function toSession(builder: SessionBuilder, options: BuildOptions): ImportedSession {
  const { messages, dropped } = builder.finish();
  const created = builder.firstTimestamp ?? isoNow();
  const metadata: SessionData["metadata"] = {};
  if (options.name) metadata.name = options.name;
  metadata.imported_from = { agent: options.agent, path: options.path, source_id: options.sourceId };
  if (builder.compactions.length) metadata.compactions = builder.compactions;
  Object.assign(metadata, options.extraMetadata ?? {});
  return {
    data: {
      id: "",
      working_dir: options.workingDir,
      model: options.model ?? builder.lastModel ?? "unknown",
      created_at: created,
      updated_at: builder.lastTimestamp ?? created,
      metadata,
      messages,
    },
    sourceId: options.sourceId,
    skippedLines: options.skippedLines + dropped,
  };
}

export { MAX_LINE_DEPTH, parseJsonLines, type TranscriptText } from "./json-lines.js";

// Session messages <-> Anthropic Messages wire format, and the reassembly of a streamed reply.
// Pure: no SDK import, so it is cheap to load and easy to test.
import type { Message, ThinkingBlock, Usage, UserContent } from "../messages/types.js";
import { imageData, missingImageNote } from "./image-blocks.js";
import {
  type AttemptOutput,
  IncompleteStreamError,
  parseToolArguments,
  shortHash,
  uniqueCallIds,
} from "./message.js";
import { anthropicOutputLimit } from "./model-limits.js";
import type { ToolSpec } from "./types.js";

export type AnthropicWireBlock =
  | { type: "text"; text: string }
  | { type: "image"; source: { type: "base64"; media_type: string; data: string } }
  | { type: "thinking"; thinking: string; signature: string }
  | { type: "redacted_thinking"; data: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> }
  | { type: "tool_result"; tool_use_id: string; content: string; is_error?: boolean };

export interface AnthropicWireMessage {
  role: "user" | "assistant";
  content: string | AnthropicWireBlock[];
}

export interface AnthropicWireTool {
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
}

const VALID_ID = /^[a-zA-Z0-9_-]+$/;

/**
 * Anthropic accepts only ^[a-zA-Z0-9_-]+$ as tool_use ids; ids written by other providers (or servers)
 * are rewritten on the wire, the same way for a call and its result, with a hash so distinct ids stay distinct.
 */
export function toAnthropicId(id: string): string {
  return VALID_ID.test(id) ? id : `${id.replace(/[^a-zA-Z0-9_-]/g, "_")}_${shortHash(id)}`;
}

/** Output budget: the model's output limit (4,096 for Claude 3, 8,192 for 3.5, 64,000 for Sonnet 4 ...). */
export function defaultMaxTokens(model: string): number {
  return anthropicOutputLimit(model);
}

/**
 * An assistant message's signed thinking blocks, as the API wants them back when thinking is on
 * (first in the message, signature intact). Reasoning text from other providers has no signature and
 * is not sent.
 */
function thinkingBlocks(thinking: ThinkingBlock[] | null | undefined): AnthropicWireBlock[] {
  const out: AnthropicWireBlock[] = [];
  for (const b of thinking ?? []) {
    if (
      b.type === "thinking" &&
      typeof b.thinking === "string" &&
      typeof b.signature === "string" &&
      b.signature
    )
      out.push({ type: "thinking", thinking: b.thinking, signature: b.signature });
    else if (b.type === "redacted_thinking" && typeof b.data === "string")
      out.push({ type: "redacted_thinking", data: b.data });
  }
  return out;
}

export function toAnthropicMessages(
  messages: Message[],
  options: { thinking?: boolean } = {},
): AnthropicWireMessage[] {
  const out: { role: "user" | "assistant"; content: AnthropicWireBlock[] }[] = [];
  const add = (role: "user" | "assistant", blocks: AnthropicWireBlock[]) => {
    if (blocks.length === 0) return; // the API refuses empty messages
    const last = out.at(-1);
    // One user message carries all the results of a turn (and any user text after them): the API wants
    // every tool_result in the message right after its tool_use.
    if (last && last.role === role) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const m of messages) {
    if (m.role === "user") add("user", anthropicUserBlocks(m.content));
    else if (m.role === "tool")
      add("user", [
        {
          type: "tool_result",
          tool_use_id: toAnthropicId(m.tool_call_id),
          content: m.content === "" ? "(no output)" : m.content,
          ...(m.is_error ? { is_error: true } : {}),
        },
      ]);
    else {
      const text = m.content.map((b) => b.text).join("");
      const blocks: AnthropicWireBlock[] = options.thinking ? thinkingBlocks(m.thinking) : [];
      if (text.trim() !== "") blocks.push({ type: "text", text });
      for (const c of m.tool_calls ?? [])
        blocks.push({ type: "tool_use", id: toAnthropicId(c.id), name: c.name, input: c.arguments });
      add("assistant", blocks);
    }
  }
  return out;
}

/** Text as a text block; images as base64 image blocks (bytes read by image-data.ts), else a note. */
function anthropicUserBlocks(content: UserContent): AnthropicWireBlock[] {
  if (typeof content === "string") return content.trim() === "" ? [] : [{ type: "text", text: content }];
  return content.flatMap((block): AnthropicWireBlock[] => {
    if (block.type === "text") return block.text.trim() === "" ? [] : [{ type: "text", text: block.text }];
    const data = imageData(block);
    return data === undefined
      ? [{ type: "text", text: missingImageNote(block) }]
      : [{ type: "image", source: { type: "base64", media_type: block.media_type, data } }];
  });
}

export function toAnthropicTools(tools: ToolSpec[]): AnthropicWireTool[] {
  return tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.parameters }));
}

export interface AnthropicWireUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  /** The cache writes split by lifetime (sent when any breakpoint asks for one). */
  cache_creation?: {
    ephemeral_5m_input_tokens?: number | null;
    ephemeral_1h_input_tokens?: number | null;
  } | null;
}

/** Anthropic's input_tokens excludes cached tokens; the session's prompt_tokens counts them all. */
export function fromAnthropicUsage(u: AnthropicWireUsage): Usage {
  const cacheRead = u.cache_read_input_tokens ?? undefined;
  const cacheCreation = u.cache_creation_input_tokens ?? undefined;
  const prompt = (u.input_tokens ?? 0) + (cacheRead ?? 0) + (cacheCreation ?? 0);
  const completion = u.output_tokens ?? 0;
  const oneHour = u.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    ...(cacheRead !== undefined ? { cache_read_tokens: cacheRead } : {}),
    ...(cacheCreation !== undefined ? { cache_creation_tokens: cacheCreation } : {}),
    ...(oneHour > 0 ? { cache_creation_1h_tokens: oneHour } : {}),
  };
}

/** The parts of the stream events we read. */
export type AnthropicWireEvent =
  | { type: "message_start"; message: { usage?: AnthropicWireUsage } }
  | {
      type: "content_block_start";
      index: number;
      content_block: {
        type: string;
        text?: string;
        id?: string;
        name?: string;
        thinking?: string;
        signature?: string;
        data?: string;
      };
    }
  | {
      type: "content_block_delta";
      index: number;
      delta: { type: string; text?: string; partial_json?: string; thinking?: string; signature?: string };
    }
  | { type: "content_block_stop"; index: number }
  | { type: "message_delta"; delta: { stop_reason?: string | null }; usage?: AnthropicWireUsage | null }
  | { type: "message_stop" }
  | { type: "ping" };

/** Reassembles a streamed reply from its events. */
export class AnthropicStreamAssembler {
  private readonly blocks = new Map<
    number,
    { kind: string; text: string; id: string; name: string; signature: string }
  >();
  private usage: AnthropicWireUsage = {};
  private stopReason = "";
  private stopped = false;

  /** Takes one event; returns the text it added (maybe ""). */
  add(event: AnthropicWireEvent): string {
    switch (event.type) {
      case "message_start":
        this.usage = { ...event.message.usage };
        return "";
      case "content_block_start": {
        const b = event.content_block;
        this.blocks.set(event.index, {
          kind: b.type,
          // thinking text, or a redacted block's data
          text: b.text ?? b.thinking ?? b.data ?? "",
          id: b.id ?? "",
          name: b.name ?? "",
          signature: b.signature ?? "",
        });
        return b.type === "text" ? (b.text ?? "") : "";
      }
      case "content_block_delta": {
        const block = this.blocks.get(event.index);
        if (!block) return "";
        if (event.delta.type === "text_delta") {
          block.text += event.delta.text ?? "";
          return event.delta.text ?? "";
        }
        if (event.delta.type === "input_json_delta") block.text += event.delta.partial_json ?? "";
        else if (event.delta.type === "thinking_delta") block.text += event.delta.thinking ?? "";
        else if (event.delta.type === "signature_delta") block.signature += event.delta.signature ?? "";
        return "";
      }
      case "message_delta":
        if (event.delta.stop_reason) this.stopReason = event.delta.stop_reason;
        // output_tokens here is cumulative; newer API versions may also restate the input counts.
        for (const [k, v] of Object.entries(event.usage ?? {}))
          if (typeof v === "number") (this.usage as Record<string, number>)[k] = v;
        return "";
      case "message_stop":
        this.stopped = true;
        return "";
      default:
        return "";
    }
  }

  finish(): AttemptOutput {
    if (!this.stopped) throw new IncompleteStreamError();
    const ordered = [...this.blocks.entries()].sort(([a], [b]) => a - b).map(([, b]) => b);
    const thinking = ordered.flatMap((b): ThinkingBlock[] =>
      b.kind === "thinking"
        ? [{ type: "thinking", thinking: b.text, signature: b.signature }]
        : b.kind === "redacted_thinking"
          ? [{ type: "redacted_thinking", data: b.text }]
          : [],
    );
    return {
      text: ordered.flatMap((b) => (b.kind === "text" ? [b.text] : [])).join(""),
      toolCalls: uniqueCallIds(
        ordered.flatMap((b) =>
          b.kind === "tool_use" ? [{ id: b.id, name: b.name, arguments: parseToolArguments(b.text) }] : [],
        ),
      ),
      usage: fromAnthropicUsage(this.usage),
      stopReason: this.stopReason,
      ...(thinking.length > 0 ? { thinking } : {}),
    };
  }
}

// Session messages <-> OpenAI Chat Completions wire format, and the reassembly of a streamed reply.
// Pure: no SDK import, so it is cheap to load and easy to test.
import type { Message, Usage, UserContent } from "../messages/types.js";
import { imageData, missingImageNote } from "./image-blocks.js";
import {
  type AttemptOutput,
  IncompleteStreamError,
  parseToolArguments,
  shortHash,
  uniqueCallIds,
} from "./message.js";
import type { ToolSpec } from "./types.js";

export type OpenAIWireToolCall = {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
};

export type OpenAIWireMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string | OpenAIWireUserPart[] }
  | { role: "assistant"; content: string | null; tool_calls?: OpenAIWireToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

export type OpenAIWireUserPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string } };

export interface OpenAIWireTool {
  type: "function";
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/** OpenAI refuses tool call ids longer than 40 characters; longer ones (from other providers) are shortened. */
export function toOpenAIId(id: string): string {
  return id.length <= 40 ? id : `${id.slice(0, 31)}_${shortHash(id)}`;
}

export function toOpenAIMessages(systemPrompt: string, messages: Message[]): OpenAIWireMessage[] {
  const out: OpenAIWireMessage[] = [];
  if (systemPrompt) out.push({ role: "system", content: systemPrompt });
  for (const m of messages) {
    if (m.role === "user") out.push({ role: "user", content: openaiUserContent(m.content) });
    else if (m.role === "tool")
      out.push({ role: "tool", tool_call_id: toOpenAIId(m.tool_call_id), content: m.content });
    else {
      const text = m.content.map((b) => b.text).join("");
      const calls = m.tool_calls ?? [];
      out.push({
        role: "assistant",
        // null, not "", beside tool calls: what OpenAI itself sends back, accepted by every compatible server.
        content: text === "" && calls.length > 0 ? null : text,
        ...(calls.length > 0
          ? {
              tool_calls: calls.map((c) => ({
                id: toOpenAIId(c.id),
                type: "function" as const,
                // Objects in the session, JSON strings on the wire (`{_raw}` stays valid JSON too).
                function: { name: c.name, arguments: JSON.stringify(c.arguments) },
              })),
            }
          : {}),
      });
    }
  }
  return out;
}

/** Text as is; with images, parts: each image as a data URL (its bytes were read by image-data.ts). */
function openaiUserContent(content: UserContent): string | OpenAIWireUserPart[] {
  if (typeof content === "string") return content;
  return content.map((block) => {
    if (block.type === "text") return { type: "text", text: block.text };
    const data = imageData(block);
    return data === undefined
      ? { type: "text", text: missingImageNote(block) }
      : { type: "image_url", image_url: { url: `data:${block.media_type};base64,${data}` } };
  });
}

export function toOpenAITools(tools: ToolSpec[]): OpenAIWireTool[] {
  return tools.map((t) => ({
    type: "function",
    function: { name: t.name, description: t.description, parameters: t.parameters },
  }));
}

/** The usage numbers OpenAI reports, in the session's terms (cached tokens are part of prompt_tokens). */
export interface OpenAIWireUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
}

export function fromOpenAIUsage(u: OpenAIWireUsage | undefined | null): Usage {
  const prompt = u?.prompt_tokens ?? 0;
  const completion = u?.completion_tokens ?? 0;
  const cached = u?.prompt_tokens_details?.cached_tokens;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    ...(typeof cached === "number" ? { cache_read_tokens: cached } : {}),
  };
}

/** The parts of a streamed chunk we read. */
export interface OpenAIWireChunk {
  choices?: {
    delta?: {
      content?: string | null;
      /** Reasoning text of compatible servers (DeepSeek, vLLM: reasoning_content; OpenRouter, Ollama: reasoning). */
      reasoning_content?: string | null;
      reasoning?: string | null;
      tool_calls?: { index: number; id?: string; function?: { name?: string; arguments?: string } }[];
    };
    finish_reason?: string | null;
  }[];
  usage?: OpenAIWireUsage | null;
}

/** Reassembles a streamed reply: text pieces, tool calls split across chunks (keyed by index), usage. */
export class OpenAIStreamAssembler {
  private text = "";
  private reasoning = "";
  private readonly calls = new Map<number, { id: string; name: string; args: string }>();
  private finishReason: string | undefined;
  private usage: OpenAIWireUsage | undefined;

  /** Takes one chunk; returns the text it added (maybe ""). */
  add(chunk: OpenAIWireChunk): string {
    if (chunk.usage) this.usage = chunk.usage;
    const choice = chunk.choices?.[0];
    if (!choice) return "";
    if (choice.finish_reason) this.finishReason = choice.finish_reason;
    for (const piece of choice.delta?.tool_calls ?? []) {
      const call = this.calls.get(piece.index) ?? { id: "", name: "", args: "" };
      if (piece.id) call.id = piece.id;
      if (piece.function?.name) call.name += piece.function.name;
      if (piece.function?.arguments) call.args += piece.function.arguments;
      this.calls.set(piece.index, call);
    }
    const reasoning = choice.delta?.reasoning_content ?? choice.delta?.reasoning;
    if (typeof reasoning === "string") this.reasoning += reasoning;
    const text = choice.delta?.content ?? "";
    this.text += text;
    return text;
  }

  /** The complete reply; a stream that never said why it finished was cut short. */
  finish(): AttemptOutput {
    if (this.finishReason === undefined) throw new IncompleteStreamError();
    const toolCalls = uniqueCallIds(
      [...this.calls.entries()]
        .sort(([a], [b]) => a - b)
        .map(([index, c]) => ({
          // Some compatible servers omit ids; the session needs one to pair the result with its call.
          id: c.id || `call_${index}_${shortHash(`${c.name}${c.args}${Date.now()}`)}`,
          name: c.name,
          arguments: parseToolArguments(c.args),
        })),
    );
    return {
      text: this.text,
      toolCalls,
      usage: fromOpenAIUsage(this.usage),
      stopReason: this.finishReason,
      ...(this.reasoning ? { thinking: [{ type: "reasoning", thinking: this.reasoning }] } : {}),
    };
  }
}

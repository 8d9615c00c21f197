// Wire history -> session messages: the reverse of the providers' conversions, used by tests to check
// that session -> wire -> session loses nothing. agenix itself never reads a wire history back.
import type { Message, ToolCall } from "../../src/messages/types.js";
import type { AnthropicWireBlock, AnthropicWireMessage } from "../../src/providers/convert-anthropic.js";
import type { OpenAIWireMessage } from "../../src/providers/convert-openai.js";
import { parseToolArguments } from "../../src/providers/message.js";

/** OpenAI wire history -> session messages, for round-trip checks. The system message is dropped. */
export function fromOpenAIMessages(wire: OpenAIWireMessage[], timestamp: string): Message[] {
  const names = new Map<string, string>();
  const out: Message[] = [];
  for (const m of wire) {
    if (m.role === "user")
      out.push({
        role: "user",
        content:
          typeof m.content === "string"
            ? m.content
            : m.content.map((p) => (p.type === "text" ? p.text : "")).join(""),
        timestamp,
      });
    else if (m.role === "assistant") {
      const calls: ToolCall[] = (m.tool_calls ?? []).map((c) => ({
        id: c.id,
        name: c.function.name,
        arguments: parseToolArguments(c.function.arguments),
      }));
      for (const c of calls) names.set(c.id, c.name);
      out.push({
        role: "assistant",
        content: m.content ? [{ type: "text", text: m.content }] : [],
        ...(calls.length > 0 ? { tool_calls: calls } : {}),
        timestamp,
      });
    } else if (m.role === "tool")
      out.push({
        role: "tool",
        tool_call_id: m.tool_call_id,
        name: names.get(m.tool_call_id) ?? "unknown",
        content: m.content,
        is_error: false,
        timestamp,
      });
  }
  return out;
}

/** Anthropic wire history -> session messages, for round-trip checks. */
export function fromAnthropicMessages(wire: AnthropicWireMessage[], timestamp: string): Message[] {
  const names = new Map<string, string>();
  const out: Message[] = [];
  for (const m of wire) {
    const blocks: AnthropicWireBlock[] =
      typeof m.content === "string" ? [{ type: "text", text: m.content }] : m.content;
    if (m.role === "assistant") {
      const text = blocks.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("");
      const calls: ToolCall[] = blocks.flatMap((b) =>
        b.type === "tool_use" ? [{ id: b.id, name: b.name, arguments: b.input }] : [],
      );
      for (const c of calls) names.set(c.id, c.name);
      out.push({
        role: "assistant",
        content: text ? [{ type: "text", text }] : [],
        ...(calls.length > 0 ? { tool_calls: calls } : {}),
        timestamp,
      });
      continue;
    }
    for (const b of blocks) {
      if (b.type === "tool_result")
        out.push({
          role: "tool",
          tool_call_id: b.tool_use_id,
          name: names.get(b.tool_use_id) ?? "unknown",
          content: b.content,
          is_error: b.is_error === true,
          timestamp,
        });
      else if (b.type === "text") out.push({ role: "user", content: b.text, timestamp });
    }
  }
  return out;
}

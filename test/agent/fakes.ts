// In-test fakes for the loop's collaborators: a scripted provider and simple tools.

import { type AssistantMessage, isoNow, type Message, type ToolCall } from "../../src/messages/types.js";
import type { Provider, ProviderEvent, ProviderRequest } from "../../src/providers/types.js";
import type { Tool, ToolContext, ToolOutput } from "../../src/tools/types.js";

export type Step = (request: ProviderRequest) => AsyncIterable<ProviderEvent> | ProviderEvent[];

export interface FakeProvider extends Provider {
  /** A snapshot of the messages of every request. */
  requests: Message[][];
}

export function assistant(text: string, toolCalls: ToolCall[] = []): AssistantMessage {
  const message: AssistantMessage = {
    role: "assistant",
    content: text ? [{ type: "text", text }] : [],
    model: "fake-model",
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    timestamp: isoNow(),
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return message;
}

export function reply(text: string, toolCalls: ToolCall[] = []): Step {
  return () => [
    ...(text ? [{ type: "text_delta" as const, text }] : []),
    { type: "done" as const, message: assistant(text, toolCalls) },
  ];
}

/** Each request takes the next step; with no steps left it repeats the last. */
export function fakeProvider(steps: Step[]): FakeProvider {
  const requests: Message[][] = [];
  return {
    name: "openai",
    requests,
    async *stream(request) {
      requests.push(request.messages.slice());
      const step = steps[Math.min(requests.length - 1, steps.length - 1)] as Step;
      yield* step(request);
    },
  };
}

export function call(id: string, name: string, args: Record<string, unknown> = {}): ToolCall {
  return { id, name, arguments: args };
}

export function fakeTool(
  name: string,
  run: (args: unknown, ctx: ToolContext) => Promise<ToolOutput> = async () => ({ content: `${name} ran` }),
): Tool {
  return {
    name,
    description: `${name} for tests`,
    parameters: { type: "object", properties: {} },
    async run(args, ctx) {
      const out = await run(args, ctx);
      return { content: out.content, isError: out.isError ?? false, summary: out.summary ?? "ok" };
    },
  };
}

/** A tool that resolves only when its signal aborts (like bash killing its process group). */
export function blockingTool(name: string, onStart?: () => void, honourSignal = true): Tool {
  return fakeTool(name, (_args, ctx) => {
    return new Promise((resolve) => {
      if (honourSignal) {
        ctx.signal.addEventListener("abort", () => resolve({ content: "partial output", isError: true }));
      }
      onStart?.();
    });
  });
}

/** Every assistant tool call is followed by exactly one matching tool message, in order. */
export function assertValidHistory(messages: Message[]): void {
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i] as Message;
    if (m.role !== "assistant" || !m.tool_calls?.length) continue;
    const results = messages.slice(i + 1, i + 1 + m.tool_calls.length);
    const ids = results.map((r) => (r.role === "tool" ? r.tool_call_id : `<${r.role}>`));
    if (JSON.stringify(ids) !== JSON.stringify(m.tool_calls.map((c) => c.id))) {
      throw new Error(`tool calls of message ${i} not answered in order: ${ids.join(",")}`);
    }
  }
}

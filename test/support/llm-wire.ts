// Renders a scripted reply in the real wire formats: OpenAI Chat Completions chunks / JSON and
// Anthropic Messages SSE events / JSON. Text and tool arguments are split across several chunks, the
// way real services stream them, so clients' reassembly is exercised.

export interface ScriptedToolCall {
  id?: string;
  name: string;
  arguments: Record<string, unknown> | string;
}

export interface ScriptedUsage {
  /** All prompt tokens, cached ones included (OpenAI's meaning; Anthropic's input_tokens = the rest). */
  prompt_tokens?: number;
  completion_tokens?: number;
  cache_read_tokens?: number;
  cache_creation_tokens?: number;
  /** The part of cache_creation_tokens written with a 1h TTL (Anthropic's ephemeral_1h_input_tokens). */
  cache_creation_1h_tokens?: number;
}

export interface ScriptedMessage {
  text?: string;
  toolCalls?: ScriptedToolCall[];
  /** null: the server reports no usage (as many local servers do): OpenAI-compatible replies carry
   * no usage at all, Anthropic-compatible ones zeros. */
  usage?: ScriptedUsage | null;
  stopReason?: string;
  /** Reasoning text (OpenAI-compatible reasoning_content, or an Anthropic thinking block). */
  thinking?: string;
  /** The Anthropic thinking block's signature (set by the server). */
  signature?: string;
}

/** Splits text into small word-sized pieces (at least one piece, possibly empty). */
export function splitText(text: string): string[] {
  const pieces = text.match(/\s*\S+\s*/g) ?? [];
  return pieces.length > 0 ? pieces : text === "" ? [] : [text];
}

/** Splits a JSON string into pieces of a few characters, so arguments arrive across many chunks. */
export function splitJson(json: string, size = 7): string[] {
  const out: string[] = [];
  for (let i = 0; i < json.length; i += size) out.push(json.slice(i, i + size));
  return out.length > 0 ? out : [""];
}

const argString = (call: ScriptedToolCall) =>
  typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments);

function usageNumbers(reply: ScriptedMessage) {
  const none = reply.usage === null;
  const u = reply.usage ?? {};
  const prompt = u.prompt_tokens ?? (none ? 0 : 10);
  const cacheRead = u.cache_read_tokens ?? 0;
  const cacheCreation = u.cache_creation_tokens ?? 0;
  const oneHour = u.cache_creation_1h_tokens ?? 0;
  return {
    cacheSplit: { ephemeral_5m_input_tokens: cacheCreation - oneHour, ephemeral_1h_input_tokens: oneHour },
    prompt,
    completion: u.completion_tokens ?? (none ? 0 : 5),
    cacheRead,
    cacheCreation,
    anthropicInput: Math.max(0, prompt - cacheRead - cacheCreation),
  };
}

// ---- OpenAI ----------------------------------------------------------------------------------

export function openaiChunks(
  reply: ScriptedMessage,
  model: string,
  n: number,
  includeUsage: boolean,
): unknown[] {
  const base = { id: `chatcmpl-scripted-${n}`, object: "chat.completion.chunk", created: 1700000000, model };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  const out: unknown[] = [chunk({ role: "assistant", content: "" })];
  for (const piece of splitText(reply.thinking ?? "")) out.push(chunk({ reasoning_content: piece }));
  for (const piece of splitText(reply.text ?? "")) out.push(chunk({ content: piece }));
  (reply.toolCalls ?? []).forEach((call, index) => {
    const id = call.id ?? `call_scripted_${n}_${index}`;
    out.push(
      chunk({
        tool_calls: [{ index, id, type: "function", function: { name: call.name, arguments: "" } }],
      }),
    );
    for (const piece of splitJson(argString(call)))
      out.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  out.push(chunk({}, finishReason(reply, "openai")));
  if (includeUsage && reply.usage !== null) out.push({ ...base, choices: [], usage: openaiUsage(reply) });
  return out;
}

export function openaiCompletion(reply: ScriptedMessage, model: string, n: number): unknown {
  const calls = (reply.toolCalls ?? []).map((call, index) => ({
    id: call.id ?? `call_scripted_${n}_${index}`,
    type: "function",
    function: { name: call.name, arguments: argString(call) },
  }));
  return {
    id: `chatcmpl-scripted-${n}`,
    object: "chat.completion",
    created: 1700000000,
    model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: reply.text ?? (calls.length > 0 ? null : ""),
          ...(calls.length > 0 ? { tool_calls: calls } : {}),
        },
        logprobs: null,
        finish_reason: finishReason(reply, "openai"),
      },
    ],
    ...(reply.usage === null ? {} : { usage: openaiUsage(reply) }),
  };
}

function openaiUsage(reply: ScriptedMessage) {
  const u = usageNumbers(reply);
  return {
    prompt_tokens: u.prompt,
    completion_tokens: u.completion,
    total_tokens: u.prompt + u.completion,
    prompt_tokens_details: { cached_tokens: u.cacheRead },
  };
}

function finishReason(reply: ScriptedMessage, api: "openai" | "anthropic"): string {
  if (reply.stopReason) return reply.stopReason;
  const tools = (reply.toolCalls ?? []).length > 0;
  if (api === "openai") return tools ? "tool_calls" : "stop";
  return tools ? "tool_use" : "end_turn";
}

// ---- Anthropic -------------------------------------------------------------------------------

export interface SseEvent {
  event: string;
  data: unknown;
}

export function anthropicEvents(reply: ScriptedMessage, model: string, n: number): SseEvent[] {
  const u = usageNumbers(reply);
  const ev = (data: { type: string } & Record<string, unknown>): SseEvent => ({ event: data.type, data });
  const out: SseEvent[] = [
    ev({
      type: "message_start",
      message: {
        id: `msg_scripted_${n}`,
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: u.anthropicInput,
          cache_read_input_tokens: u.cacheRead,
          cache_creation_input_tokens: u.cacheCreation,
          cache_creation: u.cacheSplit,
          output_tokens: 1,
        },
      },
    }),
    ev({ type: "ping" }),
  ];
  let index = 0;
  if (reply.thinking) {
    out.push(
      ev({
        type: "content_block_start",
        index,
        content_block: { type: "thinking", thinking: "", signature: "" },
      }),
    );
    for (const piece of splitText(reply.thinking))
      out.push(
        ev({ type: "content_block_delta", index, delta: { type: "thinking_delta", thinking: piece } }),
      );
    out.push(
      ev({
        type: "content_block_delta",
        index,
        delta: { type: "signature_delta", signature: reply.signature ?? "" },
      }),
    );
    out.push(ev({ type: "content_block_stop", index }));
    index++;
  }
  if (reply.text) {
    out.push(ev({ type: "content_block_start", index, content_block: { type: "text", text: "" } }));
    for (const piece of splitText(reply.text))
      out.push(ev({ type: "content_block_delta", index, delta: { type: "text_delta", text: piece } }));
    out.push(ev({ type: "content_block_stop", index }));
    index++;
  }
  (reply.toolCalls ?? []).forEach((call, k) => {
    const id = call.id ?? `toolu_scripted_${n}_${k}`;
    out.push(
      ev({
        type: "content_block_start",
        index,
        content_block: { type: "tool_use", id, name: call.name, input: {} },
      }),
    );
    for (const piece of splitJson(argString(call)))
      out.push(
        ev({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: piece } }),
      );
    out.push(ev({ type: "content_block_stop", index }));
    index++;
  });
  out.push(
    ev({
      type: "message_delta",
      delta: { stop_reason: finishReason(reply, "anthropic"), stop_sequence: null },
      usage: { output_tokens: u.completion },
    }),
  );
  out.push(ev({ type: "message_stop" }));
  return out;
}

export function anthropicMessage(reply: ScriptedMessage, model: string, n: number): unknown {
  const u = usageNumbers(reply);
  const content: unknown[] = [];
  if (reply.thinking)
    content.push({ type: "thinking", thinking: reply.thinking, signature: reply.signature ?? "" });
  if (reply.text) content.push({ type: "text", text: reply.text });
  (reply.toolCalls ?? []).forEach((call, k) => {
    content.push({
      type: "tool_use",
      id: call.id ?? `toolu_scripted_${n}_${k}`,
      name: call.name,
      input: typeof call.arguments === "string" ? parseOr(call.arguments) : call.arguments,
    });
  });
  return {
    id: `msg_scripted_${n}`,
    type: "message",
    role: "assistant",
    model,
    content,
    stop_reason: finishReason(reply, "anthropic"),
    stop_sequence: null,
    usage: {
      input_tokens: u.anthropicInput,
      cache_read_input_tokens: u.cacheRead,
      cache_creation_input_tokens: u.cacheCreation,
      cache_creation: u.cacheSplit,
      output_tokens: u.completion,
    },
  };
}

function parseOr(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return { _raw: json };
  }
}

/** The error body each API uses for a given status, when the script gives none. */
export function defaultErrorBody(api: "openai" | "anthropic", status: number): unknown {
  const [type, message] =
    status === 401
      ? ["authentication_error", "Incorrect API key provided."]
      : status === 403
        ? ["permission_error", "Your API key does not have permission to use the specified resource."]
        : status === 404
          ? ["not_found_error", "The model does not exist or you do not have access to it."]
          : status === 429
            ? ["rate_limit_error", "Rate limit reached. Please try again later."]
            : status === 529
              ? ["overloaded_error", "Overloaded"]
              : status >= 500
                ? ["api_error", "The server had an error while processing your request."]
                : ["invalid_request_error", "Invalid request."];
  if (api === "anthropic") return { type: "error", error: { type, message } };
  return { error: { message, type: type === "api_error" ? "server_error" : type, param: null, code: null } };
}

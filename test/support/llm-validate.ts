// Strict request checks for the scripted LLM server: a request the real OpenAI or Anthropic API would
// refuse with 400 is refused here too, with the same error text, so tests cannot pass against a fake
// that is more lenient than production.
import { checkAnthropicImage, checkOpenAIPart } from "./llm-images.js";

/** A reason to reject, or undefined when the request is one the real service accepts. */
export type Rejection = { message: string; param?: string } | undefined;

type Obj = Record<string, unknown>;

import { signThinking } from "./llm-context.js";

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;
const ANTHROPIC_ID = /^[a-zA-Z0-9_-]+$/;

export function validateOpenAI(body: unknown): Rejection {
  if (!isObj(body)) return { message: "We could not parse the JSON body of your request." };
  if (typeof body.model !== "string" || body.model === "")
    return { message: "you must provide a model parameter", param: "model" };
  const messages = body.messages;
  if (!Array.isArray(messages))
    return { message: "Missing required parameter: 'messages'.", param: "messages" };
  if (messages.length === 0)
    return {
      message:
        "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      param: "messages",
    };
  if (body.stream_options !== undefined && body.stream !== true)
    return {
      message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      param: "stream_options",
    };
  const toolsProblem = validateOpenAITools(body.tools);
  if (toolsProblem) return toolsProblem;
  if (body.reasoning_effort !== undefined) {
    if (!["minimal", "low", "medium", "high"].includes(String(body.reasoning_effort)))
      return {
        message: `Invalid value: '${String(body.reasoning_effort)}'. Supported values are: 'minimal', 'low', 'medium', and 'high'.`,
        param: "reasoning_effort",
      };
    if (!/^(o\d|gpt-5)/.test(body.model))
      return {
        message: "Unsupported parameter: 'reasoning_effort' is not supported with this model.",
        param: "reasoning_effort",
      };
  }

  const roles = ["system", "assistant", "user", "function", "tool", "developer"];
  // Ids of the last assistant message's tool calls still waiting for their tool messages.
  let pending: string[] = [];
  let answerable = new Set<string>();
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (!isObj(m)) return { message: `Invalid type for 'messages[${i}]': expected an object.` };
    if (typeof m.role !== "string" || !roles.includes(m.role))
      return {
        message: `Invalid value: '${String(m.role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
        param: `messages[${i}].role`,
      };
    if (m.role !== "tool" && pending.length > 0) return danglingToolCalls(pending, i);
    if (m.role === "tool") {
      const id = m.tool_call_id;
      if (typeof id !== "string")
        return {
          message: "Missing required parameter: 'messages[i].tool_call_id'.",
          param: `messages[${i}]`,
        };
      if (!answerable.has(id))
        return {
          message:
            "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          param: `messages.[${i}].role`,
        };
      if (typeof m.content !== "string" && !Array.isArray(m.content))
        return { message: `Invalid type for 'messages[${i}].content': expected a string.` };
      pending = pending.filter((p) => p !== id);
      continue;
    }
    answerable = new Set();
    if (m.role === "assistant") {
      const problem = checkAssistantToolCalls(m, i);
      if (!Array.isArray(problem)) return problem;
      pending = problem;
      answerable = new Set(problem);
      if (pending.length === 0 && (m.content === undefined || m.content === null))
        return {
          message: `Invalid value for 'messages[${i}].content': expected a string, got null.`,
          param: `messages.[${i}].content`,
        };
    } else if (typeof m.content !== "string" && !Array.isArray(m.content)) {
      return {
        message: `Invalid type for 'messages[${i}].content': expected one of a string or array of objects, but got ${m.content === null ? "null" : typeof m.content} instead.`,
        param: `messages.[${i}].content`,
      };
    }
    if (Array.isArray(m.content)) {
      for (let j = 0; j < m.content.length; j++) {
        const problem = checkOpenAIPart(m.content[j], m.role, `messages[${i}].content[${j}]`);
        if (problem) return { message: problem, param: `messages.[${i}].content.[${j}]` };
      }
    }
  }
  if (pending.length > 0) return danglingToolCalls(pending, messages.length);
  return undefined;
}

function danglingToolCalls(ids: string[], index: number): Rejection {
  return {
    message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${ids.join(", ")}`,
    param: `messages.[${index}].role`,
  };
}

/** The ids of an assistant message's tool calls, or the reason they are malformed. */
function checkAssistantToolCalls(m: Obj, i: number): string[] | NonNullable<Rejection> {
  if (m.tool_calls === undefined) return [];
  if (!Array.isArray(m.tool_calls) || m.tool_calls.length === 0)
    return {
      message: `Invalid 'messages[${i}].tool_calls': empty array. Expected an array with minimum length 1, but got an empty array instead.`,
    };
  const ids: string[] = [];
  for (let j = 0; j < m.tool_calls.length; j++) {
    const call = m.tool_calls[j];
    const where = `messages[${i}].tool_calls[${j}]`;
    if (!isObj(call) || typeof call.id !== "string" || !isObj(call.function))
      return { message: `Invalid '${where}': expected an object with 'id', 'type' and 'function'.` };
    if (call.id.length > 40)
      return {
        message: `Invalid '${where}.id': string too long. Expected a string with maximum length 40, but got a string with length ${call.id.length} instead.`,
        param: `${where}.id`,
      };
    if (call.type !== "function")
      return { message: `Invalid value: '${String(call.type)}'. Supported values are: 'function'.` };
    const fn = call.function;
    if (typeof fn.name !== "string" || !TOOL_NAME.test(fn.name))
      return { message: `Invalid '${where}.function.name': string does not match pattern.` };
    if (typeof fn.arguments !== "string")
      return {
        message: `Invalid type for '${where}.function.arguments': expected a string, but got ${Array.isArray(fn.arguments) ? "an array" : fn.arguments === null ? "null" : `an ${typeof fn.arguments}`} instead.`,
        param: `${where}.function.arguments`,
      };
    try {
      JSON.parse(fn.arguments);
    } catch {
      return {
        message: `Invalid '${where}.function.arguments': the arguments must be valid JSON.`,
        param: `${where}.function.arguments`,
      };
    }
    ids.push(call.id);
  }
  return ids;
}

function validateOpenAITools(tools: unknown): Rejection {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) return { message: "Invalid type for 'tools': expected an array." };
  for (let i = 0; i < tools.length; i++) {
    const t = tools[i];
    if (!isObj(t) || t.type !== "function" || !isObj(t.function))
      return { message: `Missing required parameter: 'tools[${i}].function'.`, param: `tools[${i}]` };
    if (typeof t.function.name !== "string" || !TOOL_NAME.test(t.function.name))
      return {
        message: `Invalid 'tools[${i}].function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
      };
  }
  return undefined;
}

export function validateAnthropic(body: unknown): Rejection {
  if (!isObj(body)) return { message: "There was an error parsing the body of your request." };
  if (typeof body.model !== "string" || body.model === "") return { message: "model: Field required" };
  if (typeof body.max_tokens !== "number") return { message: "max_tokens: Field required" };
  if (body.system !== undefined && typeof body.system !== "string" && !Array.isArray(body.system))
    return { message: "system: Input should be a valid list" };
  const toolsProblem = validateAnthropicTools(body.tools);
  if (toolsProblem) return toolsProblem;
  const messages = body.messages;
  if (!Array.isArray(messages)) return { message: "messages: Field required" };
  if (messages.length === 0) return { message: "messages: at least one message is required" };
  const thinkingProblem = validateThinking(body, messages);
  if (thinkingProblem) return thinkingProblem;

  let expectResultsFor: string[] = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (!isObj(m)) return { message: `messages.${i}: Input should be a valid dictionary` };
    if (m.role !== "user" && m.role !== "assistant")
      return { message: `messages.${i}.role: Input should be 'user' or 'assistant'` };
    if (i === 0 && m.role !== "user") return { message: 'messages: first message must use the "user" role' };
    const isFinalAssistant = i === messages.length - 1 && m.role === "assistant";
    const blocks = normalizeContent(m.content);
    if (blocks === undefined) return { message: `messages.${i}.content: Input should be a valid list` };
    if (blocks.length === 0 && !isFinalAssistant)
      return {
        message: `messages.${i}: all messages must have non-empty content except for the optional final assistant message`,
      };
    const results: string[] = [];
    const uses: string[] = [];
    for (let j = 0; j < blocks.length; j++) {
      const b = blocks[j]!;
      const problem = checkAnthropicBlock(b, m.role, `messages.${i}.content.${j}`);
      if (problem) return problem;
      if (b.type === "tool_result") {
        const id = b.tool_use_id as string;
        if (!expectResultsFor.includes(id))
          return {
            message: `messages.${i}.content.${j}: unexpected tool_use_id found in tool_result blocks: ${id}. Each tool_result block must have a corresponding tool_use block in the previous message.`,
          };
        results.push(id);
      }
      if (b.type === "tool_use") {
        // The real API: 400 `messages.N.content.M: \`tool_use\` ids must be unique`.
        if (uses.includes(b.id as string))
          return { message: `messages.${i}.content.${j}: \`tool_use\` ids must be unique` };
        uses.push(b.id as string);
      }
    }
    const missing = expectResultsFor.filter((id) => !results.includes(id));
    if (missing.length > 0)
      return {
        message: `messages.${i - 1}: tool_use ids were found without tool_result blocks immediately after: ${missing.join(", ")}. Each tool_use block must have a corresponding tool_result block in the next message.`,
      };
    expectResultsFor = uses;
  }
  if (expectResultsFor.length > 0)
    return {
      message: `messages.${messages.length - 1}: tool_use ids were found without tool_result blocks immediately after: ${expectResultsFor.join(", ")}. Each tool_use block must have a corresponding tool_result block in the next message.`,
    };
  return undefined;
}

function normalizeContent(content: unknown): Obj[] | undefined {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  if (!Array.isArray(content)) return undefined;
  return content.map((b) => (isObj(b) ? b : { type: String(b) }));
}

function checkAnthropicBlock(b: Obj, role: unknown, where: string): Rejection {
  switch (b.type) {
    case "text":
      if (typeof b.text !== "string" || b.text === "")
        return { message: `${where}.text: text content blocks must be non-empty` };
      if (b.text.trim() === "")
        return { message: `${where}.text: text content blocks must contain non-whitespace text` };
      return undefined;
    case "tool_use":
      if (role !== "assistant")
        return { message: `${where}: tool_use blocks are only allowed in assistant messages` };
      if (typeof b.id !== "string" || !ANTHROPIC_ID.test(b.id))
        return { message: `${where}.tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'` };
      if (typeof b.name !== "string" || !TOOL_NAME.test(b.name))
        return { message: `${where}.tool_use.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'` };
      if (!isObj(b.input)) return { message: `${where}.tool_use.input: Input should be a valid dictionary` };
      return undefined;
    case "tool_result":
      if (role !== "user")
        return { message: `${where}: tool_result blocks are only allowed in user messages` };
      if (typeof b.tool_use_id !== "string" || !ANTHROPIC_ID.test(b.tool_use_id))
        return {
          message: `${where}.tool_result.tool_use_id: String should match pattern '^[a-zA-Z0-9_-]+$'`,
        };
      if (b.content !== undefined && typeof b.content !== "string" && !Array.isArray(b.content))
        return { message: `${where}.tool_result.content: Input should be a valid list` };
      if (Array.isArray(b.content))
        for (const inner of b.content)
          if (isObj(inner) && inner.type === "text" && (typeof inner.text !== "string" || inner.text === ""))
            return { message: `${where}.tool_result.content: text content blocks must be non-empty` };
      return undefined;
    case "thinking":
      if (role !== "assistant")
        return { message: `${where}: thinking blocks are only allowed in assistant messages` };
      if (typeof b.thinking !== "string") return { message: `${where}.thinking.thinking: Field required` };
      if (typeof b.signature !== "string" || b.signature === "")
        return { message: `${where}.thinking.signature: Field required` };
      if (b.signature !== signThinking(b.thinking))
        return { message: `${where}: Invalid \`signature\` in \`thinking\` block` };
      return undefined;
    case "image": {
      const problem = checkAnthropicImage(b, role, where);
      return problem ? { message: problem } : undefined;
    }
    case "document":
    case "redacted_thinking":
      return undefined;
    default:
      return {
        message: `${where}: Input tag '${String(b.type)}' found using 'type' does not match any of the expected tags`,
      };
  }
}

function validateAnthropicTools(tools: unknown): Rejection {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools)) return { message: "tools: Input should be a valid list" };
  for (let i = 0; i < tools.length; i++) {
    const t = tools[i];
    if (!isObj(t) || typeof t.name !== "string" || !TOOL_NAME.test(t.name))
      return { message: `tools.${i}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'` };
    if (!isObj(t.input_schema) || t.input_schema.type !== "object")
      return { message: `tools.${i}.custom.input_schema.type: Field required` };
  }
  return undefined;
}

/**
 * Extended thinking: budget_tokens of at least 1,024 and below max_tokens; and, as the API requires
 * while a tool-use turn is in progress, the final assistant message must start with its thinking block.
 */
function validateThinking(body: Obj, messages: unknown[]): Rejection {
  if (body.thinking === undefined) return undefined;
  const thinking = body.thinking;
  if (!isObj(thinking) || (thinking.type !== "enabled" && thinking.type !== "disabled"))
    return {
      message:
        "thinking: Input tag found using 'type' does not match any of the expected tags: 'disabled', 'enabled'",
    };
  if (thinking.type === "disabled") return undefined;
  if (/^claude-(2|instant|3-(opus|sonnet|haiku)|3-5-)/.test(String(body.model)))
    return { message: `'${String(body.model)}' does not support thinking.` };
  const budget = thinking.budget_tokens;
  if (typeof budget !== "number") return { message: "thinking.enabled.budget_tokens: Field required" };
  if (budget < 1024)
    return { message: "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024" };
  if (typeof body.max_tokens === "number" && body.max_tokens <= budget)
    return {
      message:
        "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size",
    };
  const last = messages.at(-1);
  const previous = messages.at(-2);
  if (!isObj(last) || !isObj(previous) || previous.role !== "assistant") return undefined;
  const lastBlocks = normalizeContent(last.content) ?? [];
  const prevBlocks = normalizeContent(previous.content) ?? [];
  const inToolTurn =
    lastBlocks.some((b) => b.type === "tool_result") && prevBlocks.some((b) => b.type === "tool_use");
  const first = prevBlocks[0]?.type;
  if (inToolTurn && first !== "thinking" && first !== "redacted_thinking")
    return {
      message: `messages.${messages.length - 2}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking`,
    };
  return undefined;
}

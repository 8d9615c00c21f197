// The agent loop: one user message in, model turns and tool calls until an answer. It knows no files
// and no screen (the layering rules in docs/architecture.md): it takes a provider and tools and
// emits events; persistence and rendering subscribe. Provider failures are events and stop reasons, never exceptions.
import { BudgetExceededError, ContextWindowError, ProviderError } from "../errors.js";
import { repairDanglingToolCalls } from "../messages/repair-tool-calls.js";
import {
  type AssistantMessage,
  assistantText,
  isoNow,
  type Message,
  type UserInput,
} from "../messages/types.js";
import type { Provider, ProviderEvent, ToolSpec } from "../providers/types.js";
import type { ReasoningEffort } from "../settings/choices.js";
import type { CommandSandbox } from "../tools/shell-handle.js";
import type { Tool, ToolContext } from "../tools/types.js";
import type { AuthorizeTool } from "./authorize.js";
import type { LoopCommandHooks } from "./command-hooks.js";
import type { AgentEvent, StopReason } from "./events.js";
import type { LoopHooks } from "./hooks.js";
import { emitHookReports, runToolCalls } from "./tool-calls.js";

export interface AgentLoopOptions {
  provider: Provider;
  model: string;
  systemPrompt: string;
  /** History before this run. Not mutated: the loop works on its own (shallow) copy. */
  messages: readonly Message[];
  /** The user's text (or text, images and attached files), appended as a user message and emitted before the model is called. */
  input: string | UserInput;
  tools: readonly Tool[];
  workingDir: string;
  /** Model calls allowed in this run. */
  maxTurns: number;
  signal?: AbortSignal;
  /** Awaited when it returns a promise: a `message` is persisted before the loop goes on. */
  emit: (event: AgentEvent) => void | Promise<void>;
  /** How long a tool may take to stop after an abort before it is abandoned (default 3000 ms). */
  abortGraceMs?: number;
  /** The permission check, asked before each call runs; without it every call runs. */
  authorize?: AuthorizeTool;
  /** Environment for tool processes (already filtered of secrets by the caller). */
  toolEnv?: Record<string, string>;
  /** What folder-walking tools leave out (from the permission check); see ToolContext.walkFilter. */
  walkFilter?: ToolContext["walkFilter"];
  /** Hosts an explicit rule allows although private (web_fetch); see ToolContext.explicitlyAllowedHost. */
  explicitlyAllowedHost?: ToolContext["explicitlyAllowedHost"];
  /** Where bash runs commands (src/sandbox/); absent: unsandboxed. */
  sandbox?: CommandSandbox;
  /** The session's background shells; see ToolContext.shells. */
  shells?: ToolContext["shells"];
  /** Extension hooks: turn starts, and tool calls that may be blocked or results that may be replaced. */
  hooks?: LoopHooks;
  /** Claude Code-format command hooks: PreToolUse, PostToolUse and Stop. */
  commandHooks?: LoopCommandHooks;
  /** Shapes what each request sends (compaction). Default: the whole history. */
  context?: LoopContext;
  /** Sent to models that support it (OpenAI reasoning_effort, Anthropic extended thinking). */
  reasoningEffort?: ReasoningEffort;
}

/** Compaction, as the loop sees it: what to send for a history, and what to do when it is too long. */
export interface LoopContext {
  /** The messages to send for `history`; may compact first when `mayCompact`. Throws ProviderError to stop. */
  prepare(history: Message[], signal: AbortSignal, mayCompact: boolean): Promise<Message[]>;
  /**
   * The provider refused the request as too long. `attempt` 1: compact and resolve true to retry once,
   * or resolve the error to stop with. Attempt 2 (the retry was refused too): the error to stop with.
   */
  recover(
    history: Message[],
    error: ContextWindowError,
    signal: AbortSignal,
    attempt: number,
  ): Promise<true | ProviderError>;
}

export interface AgentLoopResult {
  stopReason: StopReason;
  /** Text of the last assistant message of this run ("" if none). */
  finalText: string;
  /** Messages added by this run, in order. */
  messages: Message[];
  error?: ProviderError;
}

type TurnOutcome = Extract<ProviderEvent, { type: "done" }> | Extract<ProviderEvent, { type: "error" }>;

const NEVER_ABORTED = new AbortController().signal;

export async function runAgentLoop(options: AgentLoopOptions): Promise<AgentLoopResult> {
  const { emit } = options;
  const signal = options.signal ?? NEVER_ABORTED;
  const history: Message[] = options.messages.slice();
  const added: Message[] = [];
  const specs: ToolSpec[] = options.tools.map((t) => ({
    name: t.name,
    description: t.description,
    parameters: t.parameters,
  }));
  const toolsByName = new Map(options.tools.map((t) => [t.name, t] as const));
  let finalText = "";
  let stopHookActive = false;

  const push = async (message: Message): Promise<void> => {
    history.push(message);
    added.push(message);
    const pending = emit({ type: "message", message });
    if (pending) await pending;
  };
  const finish = async (stopReason: StopReason, error?: ProviderError): Promise<AgentLoopResult> => {
    const pending = emit({ type: "agent_end", stopReason, finalText });
    if (pending) await pending;
    return { stopReason, finalText, messages: added, error };
  };

  const input = typeof options.input === "string" ? { content: options.input } : options.input;
  await push({
    role: "user",
    content: input.content,
    ...(input.attachments && input.attachments.length > 0 ? { attachments: input.attachments } : {}),
    timestamp: isoNow(),
  });

  for (let turn = 1; ; turn++) {
    if (signal.aborted) return finish("aborted");
    await options.hooks?.turnStart?.(turn);
    const outcome = await requestTurn(options, history, specs, signal);
    if (outcome.type === "error") {
      if (outcome.aborted || signal.aborted) {
        const partial = abortedPartial(outcome, options.model);
        if (partial) {
          finalText = assistantText(partial);
          await push(partial);
        }
        return finish("aborted");
      }
      const pending = emit({ type: "error", error: outcome.error });
      if (pending) await pending;
      return finish(outcome.error instanceof BudgetExceededError ? "budget" : "error", outcome.error);
    }

    const message = outcome.message;
    finalText = assistantText(message);
    await push(message);
    const turnEnd = emit({ type: "turn_end", turn, message });
    if (turnEnd) await turnEnd;

    const calls = message.tool_calls ?? [];
    if (calls.length === 0) {
      // A Stop hook may send the agent on (once per stop; the next Stop sees stop_hook_active).
      const stop = signal.aborted
        ? undefined
        : await options.commandHooks?.stop?.(stopHookActive, finalText, signal);
      const ended = await emitHookReports(emit, stop);
      if (!stop?.continueWith || ended !== undefined) return finish("end");
      if (turn >= options.maxTurns) return finish("max_turns");
      stopHookActive = true;
      await push({ role: "user", content: `Stop hook feedback: ${stop.continueWith}`, timestamp: isoNow() });
      continue;
    }
    const stopTurn = await runToolCalls(calls, options, toolsByName, signal, push);
    if (signal.aborted) {
      // Calls that never started get the same synthetic result a crashed session gets on load.
      const repaired = repairDanglingToolCalls(history);
      for (const message of repaired.slice(history.length)) await push(message);
      return finish("aborted");
    }
    if (stopTurn !== undefined) return finish("end");
    if (turn >= options.maxTurns) return finish("max_turns");
  }
}

/** One turn's request: what to send (maybe compacting first), and one retry after a context-length refusal. */
async function requestTurn(
  options: AgentLoopOptions,
  history: Message[],
  tools: ToolSpec[],
  signal: AbortSignal,
): Promise<TurnOutcome & { streamed?: string }> {
  const context = options.context;
  if (!context) return streamTurn(options, history, tools, signal);
  const failed = (error: unknown): TurnOutcome => ({
    type: "error",
    error:
      error instanceof ProviderError ? error : new ProviderError(String((error as Error)?.message ?? error)),
    aborted: signal.aborted,
  });
  let sent: Message[];
  try {
    sent = await context.prepare(history, signal, true);
  } catch (error) {
    return failed(error);
  }
  for (let attempt = 1; ; attempt++) {
    const outcome = await streamTurn(options, sent, tools, signal);
    if (outcome.type !== "error" || outcome.aborted || !(outcome.error instanceof ContextWindowError))
      return outcome;
    try {
      const recovered = await context.recover(history, outcome.error, signal, attempt);
      if (recovered !== true) return { ...outcome, error: recovered };
      sent = await context.prepare(history, signal, false);
    } catch (error) {
      return failed(error);
    }
  }
}

/** One model call: forwards deltas and retries, returns the final `done` or `error` event. */
async function streamTurn(
  options: AgentLoopOptions,
  history: Message[],
  tools: ToolSpec[],
  signal: AbortSignal,
): Promise<TurnOutcome & { streamed?: string }> {
  const { emit } = options;
  // Text since the last retry, in case an aborted provider reports no partial message.
  let streamed = "";
  try {
    const events = options.provider.stream({
      model: options.model,
      systemPrompt: options.systemPrompt,
      messages: history,
      tools,
      signal,
      ...(options.reasoningEffort ? { reasoningEffort: options.reasoningEffort } : {}),
    });
    for await (const event of events) {
      if (event.type === "text_delta") {
        streamed += event.text;
        const pending = emit(event);
        if (pending) await pending;
      } else if (event.type === "retry") {
        streamed = "";
        const pending = emit(event);
        if (pending) await pending;
      } else if (event.type === "notice") {
        const pending = emit({ type: "notice", level: "warning", text: event.text });
        if (pending) await pending;
      } else {
        return { ...event, streamed };
      }
    }
  } catch (error) {
    // The provider contract says it never throws; if one does, it is still only a failed turn.
    const message = error instanceof Error ? error.message : String(error);
    const providerError = error instanceof ProviderError ? error : new ProviderError(message);
    return { type: "error", error: providerError, aborted: signal.aborted, streamed };
  }
  return {
    type: "error",
    error: new ProviderError("The model's response ended before it was complete. Try again."),
    aborted: signal.aborted,
    streamed,
  };
}

/** The text streamed before an abort, as an assistant message (no tool calls: they never ran). */
function abortedPartial(
  outcome: TurnOutcome & { streamed?: string },
  model: string,
): AssistantMessage | undefined {
  if (outcome.type !== "error") return undefined;
  const partial = outcome.partial;
  const text = partial ? assistantText(partial) : (outcome.streamed ?? "");
  if (text === "") return undefined;
  return {
    role: "assistant",
    content: [{ type: "text", text }],
    model: partial?.model ?? model,
    usage: partial?.usage ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    stop_reason: "aborted",
    timestamp: partial?.timestamp ?? isoNow(),
  };
}

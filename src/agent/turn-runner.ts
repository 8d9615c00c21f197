// One prompt of an AgentSession run to its end: the UserPromptSubmit gate, the turn's checkpoint
// (taken while the model is asked, recorded before the first tool runs), the loop over the window
// that can still be sent, and the persistence from its events: every `message` is saved before the
// loop goes on, so the user's message is on disk before the model is called.
import { UsageError } from "../errors.js";
import { type ToolCall, typedText, type UserInput, userText } from "../messages/types.js";
import type { Tool } from "../tools/types.js";
import { sendableWindow } from "./compaction/driver.js";
import { EventQueue } from "./event-queue.js";
import type { AgentEvent } from "./events.js";
import { runAgentLoop } from "./loop.js";
import type { AgentNotice, RunOptions } from "./session-init.js";
import type { SessionParts } from "./session-parts.js";

/** Runs one user message, yielding every event. Leaving the iteration early aborts the run. */
export async function* runTurn(
  parts: SessionParts,
  text: string | UserInput,
  options: RunOptions,
  maxTurns: number,
): AsyncGenerator<AgentEvent> {
  const { init, record, outlet, activity, commandHooks, checkpoints } = parts;
  activity.assertIdle();
  const typed = typeof text === "string" ? text : userText(text);
  const hasImage =
    typeof text !== "string" &&
    typeof text.content !== "string" &&
    text.content.some((b) => b.type === "image");
  if (typeof typed !== "string" || (typed.trim() === "" && !hasImage)) {
    // Anthropic refuses an empty user message for good: such a session could never continue.
    throw new UsageError("The message is empty: pass some text to prompt() or stream().");
  }
  activity.begin();
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener("abort", onAbort, { once: true });
  const queue = new EventQueue<AgentEvent>();
  let finished = false;
  let turnSnapshot: (() => Promise<void>) | undefined;
  try {
    outlet.open((event) => queue.push(event));
    init.permissions?.warmUp();
    init.sandbox?.warmUp?.();
    const model = options.model ?? parts.model();
    const provider = await parts.providerFor(model);
    if (!options.model) record.data.provider = provider.name;
    const typedInput = typeof text === "string" ? text : typedText(text);
    const gate = await commandHooks?.prompt(text, typedInput, controller.signal);
    const blocked = gate?.blocked ?? gate?.stopTurn;
    if (blocked !== undefined) {
      // Not sent, not saved: the hook's reason is the whole answer.
      queue.push({ type: "agent_end", stopReason: "blocked", finalText: "" });
      queue.end();
      yield* queue;
      return;
    }
    // The turn's snapshot runs while the model is asked; it is recorded before the first tool runs.
    turnSnapshot = await checkpoints.beginTurn();
    const settleSnapshot = turnSnapshot;
    await parts.fire({ type: "user_input", text: typedInput });
    await parts.fire({ type: "agent_start", model });
    const hooks = init.hooks;
    // The loop sees what can still be sent (from the latest compaction on), never older messages.
    const { messages, base } = sendableWindow(record.data);
    const run = runAgentLoop({
      provider,
      model,
      systemPrompt: init.systemPrompt,
      messages,
      input: gate?.input ?? text,
      tools: init.extraTools ? [...init.tools, ...byName(init.extraTools())] : init.tools,
      workingDir: init.workingDir,
      maxTurns,
      signal: controller.signal,
      context: parts.compaction.loopContext(provider, base),
      reasoningEffort: parts.reasoning.forRequest(provider, model),
      authorize: init.permissions?.authorize,
      toolEnv: init.toolEnv,
      walkFilter: init.permissions?.walkFilter,
      explicitlyAllowedHost: init.permissions?.explicitlyAllowedHost,
      sandbox: init.sandbox,
      shells: init.shells,
      commandHooks: commandHooks?.loopHooks(),
      hooks: {
        ...(hooks && {
          turnStart: async (turn: number) => hooks.emit?.({ type: "turn_start", turn }),
          toolResult: async (call: ToolCall, result: { content: string; isError: boolean }) =>
            hooks.toolResult?.(call, result),
        }),
        // The turn's snapshot is recorded before the first tool can change a file.
        toolCall: async (call) => {
          await settleSnapshot();
          return hooks?.toolCall?.(call);
        },
      },
      emit: async (event) => {
        if (event.type === "agent_end") await settleSnapshot();
        if (event.type === "message") await record.persist(event.message);
        queue.push(event);
        if (event.type === "message") await parts.fire({ type: "message_end", message: event.message });
        else if (event.type === "tool_result") await checkpoints.afterTool(event.call.name, event.summary);
        else if (event.type === "turn_end") await parts.fire(event);
        else if (event.type === "agent_end") {
          await parts.fire({ type: "agent_end", stopReason: event.stopReason, finalText: event.finalText });
        }
      },
    }).then(
      () => queue.end(),
      (error: unknown) => queue.fail(error),
    );
    try {
      yield* queue;
      finished = true;
    } finally {
      if (!finished) controller.abort();
      await run;
    }
  } finally {
    await turnSnapshot?.();
    options.signal?.removeEventListener("abort", onAbort);
    outlet.close();
    activity.end();
  }
}

/**
 * Reads a turn's events to the end and resolves to the final assistant text (what prompt() does):
 * notices go to `onNotice`; a failed, over-budget or aborted run throws.
 */
export async function finalText(
  events: AsyncIterable<AgentEvent>,
  signal: AbortSignal | undefined,
  onNotice: ((notice: AgentNotice) => void) | undefined,
): Promise<string> {
  let end: Extract<AgentEvent, { type: "agent_end" }> | undefined;
  let failure: Extract<AgentEvent, { type: "error" }> | undefined;
  for await (const event of events) {
    if (event.type === "agent_end") end = event;
    else if (event.type === "error") failure = event;
    else if (event.type === "notice") onNotice?.(event);
  }
  if ((end?.stopReason === "error" || end?.stopReason === "budget") && failure) throw failure.error;
  if (end?.stopReason === "aborted") {
    throw signal?.reason ?? new DOMException("The prompt was aborted", "AbortError");
  }
  return end?.finalText ?? "";
}

/**
 * Extension and MCP tools in name order: the tool definitions are part of the prompt prefix the
 * providers cache, so their order must not depend on which MCP server came up first.
 */
function byName(tools: Tool[]): Tool[] {
  return tools.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

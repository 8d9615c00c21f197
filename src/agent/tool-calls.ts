// The tool calls of one assistant message, in order, each to exactly one tool message. Before a call
// runs: PreToolUse command hooks (they may deny it, rewrite its arguments, or say allow / ask, which
// the permission check then honours), extension tool_call hooks, the permission check. After it:
// extension tool_result hooks, then PostToolUse command hooks (their feedback is added to the result).
import { isoNow, type Message, type ToolCall, type ToolMessage } from "../messages/types.js";
import type { Tool, ToolOutput } from "../tools/types.js";
import type { AuthorizeTool, PermissionHint, ToolVerdict } from "./authorize.js";
import type { HookOutcome } from "./command-hooks.js";
import type { AgentLoopOptions } from "./loop.js";
import { INTERRUPTED_TEXT, runToolCall } from "./run-tool.js";

/** Emits a hook outcome's reports; returns its turn-ending reason, if any. */
export async function emitHookReports(
  emit: AgentLoopOptions["emit"],
  outcome: HookOutcome | undefined,
): Promise<string | undefined> {
  for (const report of outcome?.reports ?? []) {
    const pending = emit({ type: "hook", ...report });
    if (pending) await pending;
  }
  return outcome?.stopTurn;
}

/**
 * Runs the calls; resolves to the reason a hook gave for ending the turn (`continue: false`), if
 * one did. Calls after such a hook are not run (each still gets its result). Neighbouring calls of
 * tools marked `concurrent` (task) run at the same time; their results are still saved in order.
 */
export async function runToolCalls(
  calls: readonly ToolCall[],
  options: AgentLoopOptions,
  toolsByName: ReadonlyMap<string, Tool>,
  signal: AbortSignal,
  push: (message: Message) => Promise<void>,
): Promise<string | undefined> {
  const { emit } = options;
  const state: { stopTurn?: string } = {};
  for (const batch of batches(calls, toolsByName)) {
    if (signal.aborted) return state.stopTurn;
    const done = await Promise.all(batch.map((call) => runOne(call, options, toolsByName, signal, state)));
    for (const { original, call, output } of done) {
      const message: ToolMessage = {
        role: "tool",
        tool_call_id: original.id,
        name: original.name,
        content: output.content,
        is_error: output.isError,
        timestamp: isoNow(),
      };
      await push(message);
      const ended = emit({ type: "tool_result", call, message, summary: output.summary });
      if (ended) await ended;
    }
  }
  return state.stopTurn;
}

/** The calls in order, neighbouring calls of concurrent tools grouped; every other call alone. */
function batches(calls: readonly ToolCall[], toolsByName: ReadonlyMap<string, Tool>): ToolCall[][] {
  const out: ToolCall[][] = [];
  let group: ToolCall[] = [];
  for (const call of calls) {
    if (toolsByName.get(call.name)?.concurrent) {
      group.push(call);
      continue;
    }
    if (group.length > 0) out.push(group);
    group = [];
    out.push([call]);
  }
  if (group.length > 0) out.push(group);
  return out;
}

/** One call from its `tool_call` event to its output: hooks, the permission check and the tool. */
async function runOne(
  original: ToolCall,
  options: AgentLoopOptions,
  toolsByName: ReadonlyMap<string, Tool>,
  signal: AbortSignal,
  state: { stopTurn?: string },
): Promise<{ original: ToolCall; call: ToolCall; output: Required<ToolOutput> }> {
  const { emit } = options;
  const ctx = {
    workingDir: options.workingDir,
    signal,
    env: options.toolEnv,
    sandbox: options.sandbox,
    shells: options.shells,
    walkFilter: options.walkFilter,
    explicitlyAllowedHost: options.explicitlyAllowedHost,
    callId: original.id,
  };
  const commandHooks = options.commandHooks;
  const started = emit({ type: "tool_call", call: original });
  if (started) await started;
  let call = original;
  if (state.stopTurn !== undefined) {
    const output = { content: `Error: not run: ${state.stopTurn}`, isError: true, summary: "not run" };
    return { original, call, output };
  }
  const pre = await commandHooks?.preToolUse?.(original, signal);
  state.stopTurn = (await emitHookReports(emit, pre)) ?? state.stopTurn;
  if (pre?.updatedInput) call = { ...original, arguments: pre.updatedInput };
  let output = await decideAndRun(call, pre, options, toolsByName, ctx);
  if (pre?.context) output = { ...output, content: `${output.content}\n\nPreToolUse hook: ${pre.context}` };
  const patch = await options.hooks?.toolResult?.(call, {
    content: output.content,
    isError: output.isError,
  });
  if (patch) output = { ...output, content: patch.content, isError: patch.isError };
  // Claude Code runs PostToolUse after a call that succeeded (not a blocked, denied or failed one).
  if (!output.isError && !signal.aborted && commandHooks?.postToolUse) {
    const post = await commandHooks.postToolUse(
      call,
      { content: output.content, isError: output.isError },
      signal,
    );
    state.stopTurn = (await emitHookReports(emit, post)) ?? state.stopTurn;
    if (post.feedback)
      output = { ...output, content: `${output.content}\n\nPostToolUse hook: ${post.feedback}` };
  }
  return { original, call, output };
}

/** A PreToolUse deny, an extension's block, the permission check, and then the tool itself. */
async function decideAndRun(
  call: ToolCall,
  pre: { decision?: "allow" | "deny" | "ask"; reason?: string } | undefined,
  options: AgentLoopOptions,
  toolsByName: ReadonlyMap<string, Tool>,
  ctx: Parameters<typeof runToolCall>[2],
): Promise<Required<ToolOutput>> {
  const { emit } = options;
  if (pre?.decision === "deny") {
    const reason = pre.reason || "a PreToolUse hook refused it";
    return { content: `Error: blocked by a PreToolUse hook: ${reason}`, isError: true, summary: "blocked" };
  }
  const tool = toolsByName.get(call.name);
  // An extension may block a call outright, before the permission check asks anyone anything.
  const verdict = await options.hooks?.toolCall?.(call);
  if (verdict?.block) {
    return { content: `Error: this call was blocked: ${verdict.reason}`, isError: true, summary: "blocked" };
  }
  const hint =
    pre?.decision === "allow" || pre?.decision === "ask"
      ? { decision: pre.decision, reason: pre.reason }
      : undefined;
  const denied =
    tool && options.authorize ? await checkPermission(options.authorize, call, ctx.signal, hint) : undefined;
  if (denied?.behavior === "deny") {
    const pending = emit({ type: "tool_denied", call, denial: denied.denial });
    if (pending) await pending;
    return { content: denied.message, isError: true, summary: "denied" };
  }
  if (denied?.behavior === "interrupted")
    return { content: INTERRUPTED_TEXT, isError: true, summary: "interrupted" };
  return runToolCall(tool, call, ctx, toolsByName, options.abortGraceMs ?? 3000);
}

/** The verdict, or "interrupted" when the user stopped the run while the check waited (an open question). */
async function checkPermission(
  authorize: AuthorizeTool,
  call: ToolCall,
  signal: AbortSignal,
  hint?: PermissionHint,
): Promise<ToolVerdict | { behavior: "interrupted" }> {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<{ behavior: "interrupted" }>((resolve) => {
    onAbort = () => resolve({ behavior: "interrupted" });
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    // Ctrl-C while a question is open (or the check is slow) ends the wait at once.
    const verdict = await Promise.race([authorize(call, signal, hint), aborted]);
    return signal.aborted ? { behavior: "interrupted" } : verdict;
  } catch (error) {
    if (signal.aborted) return { behavior: "interrupted" };
    const reason = error instanceof Error ? error.message : String(error);
    return {
      behavior: "deny",
      message: `Error: the permission check failed (${reason}), so ${call.name} was not run.`,
      denial: {
        tool: call.name,
        input: call.arguments,
        rule: null,
        reason: `the permission check failed: ${reason}`,
        allowWith: [],
      },
    };
  } finally {
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
}

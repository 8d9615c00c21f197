// Running one tool call for the loop: unknown tools, tools that break their never-throw contract,
// and aborts all end in exactly one result, so the history stays valid for the provider.
import type { ToolCall } from "../messages/types.js";
import type { Tool, ToolContext, ToolOutput } from "../tools/types.js";

/** Appended to what a tool produced before the user stopped it (and the result of a call stopped while it waited for approval). */
export const INTERRUPTED_TEXT = "[Interrupted by the user: the tool was stopped before it finished.]";

function unknownTool(call: ToolCall, tools: ReadonlyMap<string, Tool>): Required<ToolOutput> {
  const names = [...tools.keys()].join(", ") || "none";
  return {
    content: `Error: unknown tool "${call.name}". Available tools: ${names}.`,
    isError: true,
    summary: "unknown tool",
  };
}

/**
 * Runs a tool and waits for it. After an abort the tool gets `abortGraceMs` to stop (it has the
 * signal: bash kills its process group); a tool that ignores the signal is abandoned so the user's
 * Ctrl-C always ends the run. An aborted call's result is marked as an interrupted error.
 */
export async function runToolCall(
  tool: Tool | undefined,
  call: ToolCall,
  ctx: ToolContext,
  tools: ReadonlyMap<string, Tool>,
  abortGraceMs: number,
): Promise<Required<ToolOutput>> {
  if (!tool) return unknownTool(call, tools);
  const running = tool.run(call.arguments, ctx).catch(
    (error: unknown): Required<ToolOutput> => ({
      content: `Error: the ${call.name} tool failed: ${error instanceof Error ? error.message : String(error)}`,
      isError: true,
      summary: "failed",
    }),
  );
  const output = await withAbortGrace(running, ctx.signal, abortGraceMs);
  if (output && !ctx.signal.aborted) return output;
  const content = output ? `${output.content}\n\n${INTERRUPTED_TEXT}`.trimStart() : INTERRUPTED_TEXT;
  return { content, isError: true, summary: "interrupted" };
}

function withAbortGrace<T>(work: Promise<T>, signal: AbortSignal, graceMs: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      timer = setTimeout(() => resolve(undefined), graceMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    work.then((value) => {
      if (timer) clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      resolve(value);
    });
  });
}

// One session/prompt: the agent's events as session/update notifications, and the stop reason.
import type { SessionUpdate, StopReason } from "@agentclientprotocol/sdk";
import { RequestError } from "@agentclientprotocol/sdk";
import type { AgentSession } from "../agent/agent-session.js";
import type { ToolCall, UserInput } from "../messages/types.js";
import { planUpdate } from "./plan.js";
import { toolCallEnd, toolCallStart } from "./tool-updates.js";

export type SendUpdate = (update: SessionUpdate) => Promise<void>;

/** The tool call running now, and the editor terminals bash ran in (editor-terminal.ts). */
export interface LiveCalls {
  current?: string;
  terminals: Map<string, string>;
  /** The calls of this prompt announced to the editor (a subagent's calls are not). */
  announced: Set<string>;
}

/** The last answer's provider stop reason as ACP's. */
function answerStop(reason: string | null | undefined): StopReason {
  if (reason === "max_tokens" || reason === "length") return "max_tokens";
  if (reason === "refusal" || reason === "content_filter") return "refusal";
  return "end_turn";
}

export async function runPrompt(
  session: AgentSession,
  input: string | UserInput,
  signal: AbortSignal,
  send: SendUpdate,
  live: LiveCalls,
  /** A custom command's model, for this run only. */
  model?: string,
): Promise<StopReason> {
  const calls = new Map<string, ToolCall>();
  let lastAnswerStop: string | null | undefined;
  let failure: string | undefined;
  let stop: StopReason = "end_turn";
  live.announced.clear();
  for await (const event of session.stream(input, { signal, model })) {
    switch (event.type) {
      case "text_delta":
        await send({ sessionUpdate: "agent_message_chunk", content: { type: "text", text: event.text } });
        break;
      case "message":
        if (event.message.role === "assistant") {
          lastAnswerStop = event.message.stop_reason;
          for (const block of event.message.thinking ?? []) {
            if (block.thinking) {
              await send({
                sessionUpdate: "agent_thought_chunk",
                content: { type: "text", text: block.thinking },
              });
            }
          }
          // Each call is announced when the answer is complete, so a permission request can name it.
          for (const call of event.message.tool_calls ?? []) {
            calls.set(call.id, call);
            live.announced.add(call.id);
            await send({ sessionUpdate: "tool_call", ...toolCallStart(call, session.workingDir) });
          }
        }
        break;
      case "tool_call":
        live.current = event.call.id;
        await send({ sessionUpdate: "tool_call_update", toolCallId: event.call.id, status: "in_progress" });
        break;
      case "tool_result": {
        const call = calls.get(event.call.id) ?? event.call;
        await send({
          sessionUpdate: "tool_call_update",
          ...toolCallEnd(call, event.message, session.workingDir, live.terminals.get(call.id)),
        });
        live.current = undefined;
        const plan = planUpdate(call, event.message);
        if (plan) await send(plan);
        break;
      }
      case "error":
        failure = event.error.message;
        break;
      case "notice":
        process.stderr.write(`${event.text}\n`);
        break;
      case "agent_end":
        if (event.stopReason === "aborted") stop = "cancelled";
        else if (event.stopReason === "max_turns") stop = "max_turn_requests";
        else if (event.stopReason === "blocked") stop = "refusal";
        else stop = answerStop(lastAnswerStop);
        // ACP has no stop reason for a spent budget: the turn ends, and the chat says why and what to do.
        if (event.stopReason === "budget") {
          const why = failure ?? "Stopped: the budget is spent.";
          const text = `\n\n${why.replace(/ Raise it with .*$/, "")} Send /budget <usd> to raise it, then continue.`;
          await send({ sessionUpdate: "agent_message_chunk", content: { type: "text", text } });
        }
        if (event.stopReason === "error" && !signal.aborted) {
          throw RequestError.internalError(undefined, failure ?? "the model request failed");
        }
        break;
    }
  }
  return signal.aborted ? "cancelled" : stop;
}

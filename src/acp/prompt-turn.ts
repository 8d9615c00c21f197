// One session/prompt of a hosted session: a `/command` first (an answer of its own, or the text it
// expands to), then the content blocks as a user message, the MCP servers waited for on the first
// prompt, and the run streamed to the editor (run-prompt.ts).
import path from "node:path";
import type { ContentBlock, StopReason } from "@agentclientprotocol/sdk";
import type { AgentSession } from "../agent/agent-session.js";
import type { Customization } from "../customize.js";
import { mcpWaitMs } from "../run/customization.js";
import { agenixDir } from "../settings/paths.js";
import { slashPrompt } from "./commands.js";
import { promptToInput } from "./prompt-input.js";
import { type LiveCalls, runPrompt, type SendUpdate } from "./run-prompt.js";

/** An editor's session in this process. */
export interface Hosted {
  session: AgentSession;
  custom: Customization;
  live: LiveCalls;
  running?: AbortController;
  /** The running prompt, settled (closing waits for it to save). */
  turn?: Promise<void>;
  /** The first prompt waits for the MCP servers still starting; later ones do not. */
  mcpWaited?: boolean;
}

export async function promptTurn(
  hosted: Hosted,
  prompt: ContentBlock[],
  signal: AbortSignal,
  send: SendUpdate,
): Promise<StopReason> {
  const first = prompt[0];
  const slash =
    first?.type === "text" && first.text.trimStart().startsWith("/")
      ? await slashPrompt(first.text, hosted.session, hosted.custom, signal)
      : undefined;
  if (slash?.type === "output") {
    const text = slash.error ? `Error: ${slash.error}` : (slash.text ?? "");
    if (text) await send({ sessionUpdate: "agent_message_chunk", content: { type: "text", text } });
    return signal.aborted ? "cancelled" : "end_turn";
  }
  const blocks: ContentBlock[] = slash ? [{ type: "text", text: slash.text }, ...prompt.slice(1)] : prompt;
  const input = await promptToInput(blocks, {
    model: slash?.model ?? hosted.session.model,
    imagesDir: path.join(agenixDir({ home: process.env.HOME }), "images"),
  });
  if (!hosted.mcpWaited) {
    hosted.mcpWaited = true;
    await hosted.custom.mcp.waitReady(mcpWaitMs(process.env));
  }
  return runPrompt(hosted.session, input, signal, send, hosted.live, slash?.model);
}

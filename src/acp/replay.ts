// session/load: a stored conversation as session/update notifications (user and agent chunks,
// images the user sent while their files still hold them, reasoning, tool calls with their final
// status and content).
import type { SessionUpdate } from "@agentclientprotocol/sdk";
import type { Message, ToolCall } from "../messages/types.js";
import { imageData } from "../providers/image-blocks.js";
import { withImageData } from "../providers/image-data.js";
import { planUpdate } from "./plan.js";
import type { SendUpdate } from "./run-prompt.js";
import { toolCallEnd, toolCallStart } from "./tool-updates.js";

function userText(message: Extract<Message, { role: "user" }>): string {
  if (typeof message.content === "string") return message.content;
  return message.content
    .map((block) => ("text" in block && typeof block.text === "string" ? block.text : ""))
    .join("");
}

export async function replayMessages(
  messages: Message[],
  workingDir: string,
  send: SendUpdate,
): Promise<void> {
  const calls = new Map<string, ToolCall>();
  const text = (kind: "user_message_chunk" | "agent_message_chunk" | "agent_thought_chunk", t: string) =>
    send({ sessionUpdate: kind, content: { type: "text", text: t } } as SessionUpdate);
  for (const message of messages) {
    if (message.role === "user") {
      await text("user_message_chunk", userText(message));
      await replayImages(message, send);
    } else if (message.role === "assistant") {
      for (const block of message.thinking ?? []) {
        if (block.thinking) await text("agent_thought_chunk", block.thinking);
      }
      const answer = message.content.map((block) => block.text).join("");
      if (answer) await text("agent_message_chunk", answer);
      for (const call of message.tool_calls ?? []) {
        calls.set(call.id, call);
        const start = toolCallStart(call, workingDir);
        // A write's old text is gone from disk: no diff on replay.
        if (call.name === "write") start.content = [];
        await send({ sessionUpdate: "tool_call", ...start });
      }
    } else {
      const call = calls.get(message.tool_call_id) ?? {
        id: message.tool_call_id,
        name: message.name,
        arguments: {},
      };
      await send({ sessionUpdate: "tool_call_update", ...toolCallEnd(call, message, workingDir) });
      const plan = planUpdate(call, message);
      if (plan) await send(plan);
    }
  }
}

/** The images of a user message whose files still hold what was sent. */
async function replayImages(message: Extract<Message, { role: "user" }>, send: SendUpdate): Promise<void> {
  if (typeof message.content === "string") return;
  const [loaded] = await withImageData([message]);
  if (loaded?.role !== "user" || typeof loaded.content === "string") return;
  for (const block of loaded.content) {
    const data = block.type === "image" ? imageData(block) : undefined;
    if (block.type !== "image" || data === undefined) continue;
    await send({
      sessionUpdate: "user_message_chunk",
      content: { type: "image", data, mimeType: block.media_type },
    });
  }
}

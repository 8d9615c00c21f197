// The spec's session JSON is the data model: these types are what lives in memory and on disk.
// Readers are lenient (unknown keys pass through, the spec's own example without model/usage loads);
// writers always produce the full shape. The zod schema itself is in schema.ts (loaded lazily).
// This folder is the ground floor: everything may import it; it imports nothing of ours.
import type { z } from "zod";
import type * as schema from "./schema.js";

/** UTC ISO 8601 with seconds precision and a trailing Z, e.g. 2024-01-01T12:00:00Z. */
export function isoNow(date: Date = new Date()): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export type Usage = z.infer<typeof schema.UsageSchema>;
export type TextBlock = z.infer<typeof schema.TextBlockSchema>;
export type ToolCall = z.infer<typeof schema.ToolCallSchema>;
export type ImageBlock = z.infer<typeof schema.ImageBlockSchema>;
export type Attachment = z.infer<typeof schema.AttachmentSchema>;
export type UserMessage = z.infer<typeof schema.UserMessageSchema>;
export type UserContent = UserMessage["content"];
/** What a user sends: text, or text and image blocks, plus a record of attached files. */
export interface UserInput {
  content: UserContent;
  attachments?: Attachment[];
}
export type AssistantMessage = z.infer<typeof schema.AssistantMessageSchema>;
export type ToolMessage = z.infer<typeof schema.ToolMessageSchema>;
export type ThinkingBlock = z.infer<typeof schema.ThinkingBlockSchema>;
export type CompactionRecord = z.infer<typeof schema.CompactionSchema> & {
  trigger: "auto" | "manual" | (string & {});
  /** How many messages the file held when the compaction was made (usage after it is trustworthy). */
  message_count?: number;
};
export type Message = z.infer<typeof schema.MessageSchema>;
export type CheckpointRecord = z.infer<typeof schema.CheckpointSchema> & {
  /** turn: before a user turn; tool: after a tool that can change files; undo, redo, restore. */
  trigger: "turn" | "tool" | "undo" | "redo" | "restore" | (string & {});
};
export type SessionMetadata = z.infer<typeof schema.MetadataSchema>;
export type SessionData = z.infer<typeof schema.SessionSchema>;

/** The header keys, in the order they are written (before `messages`, so listing reads only a file's head). */
export const HEADER_KEYS = ["id", "working_dir", "model", "created_at", "updated_at", "metadata"] as const;

/** The text of an assistant message's content blocks, joined. */
export function assistantText(message: AssistantMessage): string {
  return message.content.map((block) => block.text).join("");
}

/** Marks where attached file content starts in a user message's text (after what the user typed). */
export const ATTACHMENT_MARKER = "\n\n<attached-";

/** All the text of a user message (typed text and attached file content), images left out. */
export function userText(message: Pick<UserMessage, "content">): string {
  const { content } = message;
  if (typeof content === "string") return content;
  return content.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("\n");
}

/** What the user typed: the text before any attached file content. */
export function typedText(message: Pick<UserMessage, "content">): string {
  const text = userText(message);
  const at = text.indexOf(ATTACHMENT_MARKER);
  return at === -1 ? text : text.slice(0, at);
}

/** The latest compaction of a session, if any (what is sent starts at its first_kept_index). */
export function latestCompaction(data: { compactions?: CompactionRecord[] }): CompactionRecord | undefined {
  const list = data.compactions;
  return Array.isArray(list) && list.length > 0 ? list[list.length - 1] : undefined;
}

// The spec's session JSON is the data model: these types are what lives in memory and on disk.
// Readers are lenient (unknown keys pass through, the spec's own example without model/usage loads);
// writers always produce the full shape.
import { z } from "zod";

/** UTC ISO 8601 with seconds precision and a trailing Z, e.g. 2024-01-01T12:00:00Z. */
export function isoNow(date: Date = new Date()): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

const timestamp = z.string();

export const UsageSchema = z.looseObject({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  total_tokens: z.number(),
  cache_read_tokens: z.number().optional(),
  cache_creation_tokens: z.number().optional(),
});

export const TextBlockSchema = z.looseObject({ type: z.literal("text"), text: z.string() });

export const ToolCallSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()),
});

export const UserMessageSchema = z.looseObject({
  role: z.literal("user"),
  content: z.string(),
  timestamp,
});

export const AssistantMessageSchema = z.looseObject({
  role: z.literal("assistant"),
  content: z.array(TextBlockSchema),
  tool_calls: z.array(ToolCallSchema).optional(),
  model: z.string().optional(),
  usage: UsageSchema.optional(),
  stop_reason: z.string().optional(),
  timestamp,
});

export const ToolMessageSchema = z.looseObject({
  role: z.literal("tool"),
  tool_call_id: z.string(),
  name: z.string(),
  content: z.string(),
  // The spec's example file omits is_error on tool messages; writers always set it.
  is_error: z.boolean().optional(),
  timestamp,
});

export const MessageSchema = z.discriminatedUnion("role", [
  UserMessageSchema,
  AssistantMessageSchema,
  ToolMessageSchema,
]);

export const MetadataSchema = z.looseObject({
  name: z.string().optional(),
  tags: z.array(z.string()).optional(),
});

export const SessionSchema = z.looseObject({
  id: z.string(),
  working_dir: z.string(),
  model: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  metadata: MetadataSchema,
  messages: z.array(MessageSchema),
  system_prompt: z.string().optional(),
  provider: z.string().optional(),
});

export type Usage = z.infer<typeof UsageSchema>;
export type TextBlock = z.infer<typeof TextBlockSchema>;
export type ToolCall = z.infer<typeof ToolCallSchema>;
export type UserMessage = z.infer<typeof UserMessageSchema>;
export type AssistantMessage = z.infer<typeof AssistantMessageSchema>;
export type ToolMessage = z.infer<typeof ToolMessageSchema>;
export type Message = z.infer<typeof MessageSchema>;
export type SessionMetadata = z.infer<typeof MetadataSchema>;
export type SessionData = z.infer<typeof SessionSchema>;

/** The header keys, in the order they are written (before `messages`, so listing reads only a file's head). */
export const HEADER_KEYS = ["id", "working_dir", "model", "created_at", "updated_at", "metadata"] as const;

/** What listing knows about a session without parsing its messages. */
export interface SessionSummary {
  id: string;
  working_dir: string;
  model: string;
  created_at: string;
  updated_at: string;
  metadata: SessionMetadata;
  message_count: number;
  /** First user message, shortened: for pickers and `sessions list`. */
  first_message?: string;
  path: string;
}

/** The text of an assistant message's content blocks, joined. */
export function assistantText(message: AssistantMessage): string {
  return message.content.map((block) => block.text).join("");
}

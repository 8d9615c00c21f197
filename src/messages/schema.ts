// The zod schema of the spec's session JSON: used where a whole file is validated (loading,
// importing, repair). Kept apart from types.ts so commands that only list sessions never load zod.
import { z } from "zod";

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

/** An image the user attached: the file it came from and its SHA-256, never the bytes themselves. */
export const ImageBlockSchema = z.looseObject({
  type: z.literal("image"),
  path: z.string(),
  sha256: z.string(),
  media_type: z.string(),
});

/** What was attached to a user message, for the record: a file, directory or image (`@path`), or a `!command`'s output. */
export const AttachmentSchema = z.looseObject({
  type: z.enum(["file", "directory", "image", "command"]),
  path: z.string().optional(),
  command: z.string().optional(),
});

export const UserMessageSchema = z.looseObject({
  role: z.literal("user"),
  // A string, as in the spec; blocks only when an image is attached.
  content: z.union([z.string(), z.array(z.union([TextBlockSchema, ImageBlockSchema]))]),
  attachments: z.array(AttachmentSchema).optional(),
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

// The zod schema of the spec's session JSON: used where a whole file is validated (loading,
// importing, repair). Kept apart from types.ts so commands that only list sessions never load zod.
import { z } from "zod";

const timestamp = z.string();

export const UsageSchema = z.looseObject({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  total_tokens: z.number(),
  cache_read_tokens: z.number().nullish(),
  cache_creation_tokens: z.number().nullish(),
  /** The part of cache_creation_tokens written with a one-hour lifetime (Anthropic prices it higher). */
  cache_creation_1h_tokens: z.number().nullish(),
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

/**
 * Reasoning a provider returned with an answer: Anthropic `thinking` blocks with their signature (sent
 * back on continuation, as the API requires), `redacted_thinking` with its data, or the reasoning text
 * of an OpenAI-compatible server (no signature).
 */
export const ThinkingBlockSchema = z.looseObject({
  type: z.string(),
  thinking: z.string().optional(),
  signature: z.string().optional(),
  data: z.string().optional(),
});

export const AssistantMessageSchema = z.looseObject({
  role: z.literal("assistant"),
  content: z.array(TextBlockSchema),
  tool_calls: z.array(ToolCallSchema).nullish(),
  model: z.string().nullish(),
  usage: UsageSchema.nullish(),
  stop_reason: z.string().nullish(),
  thinking: z.array(ThinkingBlockSchema).nullish(),
  timestamp,
});

export const ToolMessageSchema = z.looseObject({
  role: z.literal("tool"),
  tool_call_id: z.string(),
  name: z.string(),
  content: z.string(),
  // The spec's example file omits is_error on tool messages; writers always set it.
  is_error: z.boolean().nullish(),
  timestamp,
});

export const MessageSchema = z.discriminatedUnion("role", [
  UserMessageSchema,
  AssistantMessageSchema,
  ToolMessageSchema,
]);

export const MetadataSchema = z.looseObject({
  name: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
});

/** One compaction: what the model sees from then on is `summary` + messages[first_kept_index..]. */
export const CompactionSchema = z.looseObject({
  first_kept_index: z.number().int().nonnegative(),
  summary: z.string(),
  tokens_before: z.number(),
  tokens_after: z.number(),
  model: z.string(),
  usage: UsageSchema.optional(),
  trigger: z.string(),
  timestamp,
});

/**
 * One checkpoint: a snapshot of the working tree in the shadow repository (docs/checkpoints.md),
 * taken before the message at `message_index`.
 */
export const CheckpointSchema = z.looseObject({
  id: z.string(),
  commit: z.string(),
  message_index: z.number().int().nonnegative(),
  created_at: z.string(),
  trigger: z.string(),
  tool: z.string().optional(),
  files_changed: z.number().int().nonnegative(),
  lines_added: z.number().int().nonnegative(),
  lines_removed: z.number().int().nonnegative(),
  restored_to: z.string().optional(),
});

export const SessionSchema = z.looseObject({
  id: z.string(),
  working_dir: z.string(),
  model: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  metadata: MetadataSchema,
  messages: z.array(MessageSchema),
  system_prompt: z.string().nullish(),
  provider: z.string().nullish(),
  compactions: z.array(CompactionSchema).optional(),
  checkpoints: z.array(CheckpointSchema).optional(),
});

const OPTIONAL_SESSION_KEYS = ["system_prompt", "provider"];
const OPTIONAL_METADATA_KEYS = ["name", "tags"];
const OPTIONAL_MESSAGE_KEYS = ["tool_calls", "model", "usage", "stop_reason", "is_error"];
const OPTIONAL_USAGE_KEYS = ["cache_read_tokens", "cache_creation_tokens", "cache_creation_1h_tokens"];

function dropNulls(value: unknown, keys: readonly string[]): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return;
  const record = value as Record<string, unknown>;
  for (const key of keys) if (record[key] === null) delete record[key];
}

/**
 * Removes optional keys whose value is `null` (Python's `None`, other writers' habit) from a
 * message in place: `null` means "absent", and the rest of agenix then sees one shape.
 */
export function dropNullOptionalsOfMessage(message: unknown): void {
  dropNulls(message, OPTIONAL_MESSAGE_KEYS);
  dropNulls((message as { usage?: unknown } | null)?.usage, OPTIONAL_USAGE_KEYS);
}

/** The same for a whole session (its optional keys, metadata, every message), in place. */
export function dropNullOptionals(session: Record<string, unknown>): void {
  if (typeof session !== "object" || session === null) return;
  dropNulls(session, OPTIONAL_SESSION_KEYS);
  dropNulls(session.metadata, OPTIONAL_METADATA_KEYS);
  if (Array.isArray(session.messages))
    for (const message of session.messages) dropNullOptionalsOfMessage(message);
}

// The settings files' schema: every key agenix reads from ~/.agenix/settings.json,
// <project>/.agenix/settings.json and <project>/.agenix/settings.local.json.
import { z } from "zod";
import { PERMISSION_MODES, REASONING_EFFORT_CHOICES } from "./choices.js";

const nonEmpty = z.string().trim().min(1, "expected a non-empty string");
const stringList = z.array(nonEmpty);
const positiveInt = z.number().int().positive();
const tokens = z.number().int().nonnegative();

export const permissionsSchema = z.strictObject({
  defaultMode: z.enum(PERMISSION_MODES).optional(),
  allow: stringList.optional(),
  deny: stringList.optional(),
  ask: stringList.optional(),
});

export const compactionSchema = z.strictObject({
  enabled: z.boolean().optional(),
  contextWindow: positiveInt.optional(),
  reserveTokens: tokens.optional(),
  keepRecentTokens: tokens.optional(),
});

export const checkpointsSchema = z.strictObject({
  enabled: z.boolean().optional(),
  maxFileBytes: positiveInt.optional(),
  maxFiles: positiveInt.optional(),
});

export const shellSchema = z.strictObject({
  env: z
    .strictObject({
      passThrough: z
        .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected a variable name"))
        .optional(),
    })
    .optional(),
});

/** Checked further (modes, domain patterns, paths) by src/sandbox/config.ts, with exit code 2. */
export const sandboxSchema = z.strictObject({
  mode: nonEmpty.optional(),
  denyRead: stringList.optional(),
  allowWrite: stringList.optional(),
  network: z.strictObject({ allow: stringList.optional() }).optional(),
  mcp: z.boolean().optional(),
});

/** Which optional tools are offered: `todo` true/false, or the models (`*` wildcards) that get it. */
export const toolsSchema = z.strictObject({ todo: z.union([z.boolean(), stringList]).optional() });

export const webFetchSchema = z.strictObject({
  maxChars: positiveInt.optional(),
  maxDownloadBytes: positiveInt.optional(),
  timeoutMs: positiveInt.optional(),
});

export const skillsSchema = z.strictObject({ paths: stringList.optional() });

export const subagentsSchema = z.strictObject({
  maxParallel: positiveInt.optional(),
  exploreModel: nonEmpty.optional(),
});

export const stdioServerSchema = z.strictObject({
  command: nonEmpty,
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), z.string()).optional(),
});
export const httpServerSchema = z.strictObject({
  url: z.url(),
  headers: z.record(z.string(), z.string()).optional(),
});
export const mcpServerSchema = z.union([stdioServerSchema, httpServerSchema]);

export const promptCachingSchema = z.union([
  z.boolean(),
  z.strictObject({ ttl: z.enum(["5m", "1h"]).optional(), cacheKey: z.boolean().optional() }),
]);
/** One hook as Claude Code writes it; only `command` hooks run here (others are listed as skipped). */
export const hookCommandSchema = z.looseObject({
  type: nonEmpty,
  command: z.string().optional(),
  /** Seconds before the command is killed (default 60). */
  timeout: z.number().positive().optional(),
});
export const hookMatcherSchema = z.looseObject({
  matcher: z.string().optional(),
  hooks: z.array(hookCommandSchema),
});
/** Claude Code's `hooks` block: event name -> matcher groups (see docs/hooks.md). */
export const hooksSchema = z.record(
  z.string().regex(/^[A-Za-z]+$/, "expected an event name such as PreToolUse"),
  z.array(hookMatcherSchema),
);

export const settingsSchema = z.strictObject({
  model: nonEmpty.optional(),
  provider: z.enum(["openai", "anthropic"]).optional(),
  baseUrl: z.url().optional(),
  maxTurns: positiveInt.optional(),
  // Any case, as the flag and AGENIX_REASONING_EFFORT (one parser: choices.ts).
  reasoningEffort: z
    .preprocess((v) => (typeof v === "string" ? v.trim().toLowerCase() : v), z.enum(REASONING_EFFORT_CHOICES))
    .optional(),
  systemPrompt: z.string().optional(),
  appendSystemPrompt: z.string().optional(),
  permissions: permissionsSchema.optional(),
  compaction: compactionSchema.optional(),
  checkpoints: checkpointsSchema.optional(),
  shell: shellSchema.optional(),
  sandbox: sandboxSchema.optional(),
  skills: skillsSchema.optional(),
  tools: toolsSchema.optional(),
  webFetch: webFetchSchema.optional(),
  /** The task tool's subagents: how many run at once, the explore agent's model. */
  subagents: subagentsSchema.optional(),
  /** Paths of extension modules (.ts/.js), relative to the settings file's project (or home). */
  extensions: stringList.optional(),
  mcpServers: z
    .record(z.string().regex(/^[A-Za-z0-9_-]+$/, "expected letters, digits, _ or -"), mcpServerSchema)
    .optional(),
  /** false: load no AGENTS.md/CLAUDE.md; an array: the file names to look for, in order of preference. */
  contextFiles: z.union([z.boolean(), stringList]).optional(),
  /** Where sessions are stored: a folder path, or a postgres:// URL (store selection is read elsewhere). */
  sessionStore: nonEmpty.optional(),
  /** false: no cache breakpoints; {ttl: "1h"}: the extended TTL; {cacheKey}: OpenAI prompt_cache_key. */
  promptCaching: promptCachingSchema.optional(),
  /** Stop a run before the request that would spend more than this many US dollars. */
  maxBudgetUsd: z.number().positive("expected a positive number of US dollars").optional(),
  /** Models tried in turn when the model fails with overload, rate limit or 5xx after its retries. */
  fallbackModel: z.union([nonEmpty, z.array(nonEmpty).max(3, "at most 3 fallback models")]).optional(),
  /** Claude Code-format command hooks (docs/hooks.md). */
  hooks: hooksSchema.optional(),
});

export type SettingsData = z.infer<typeof settingsSchema>;
export type PermissionsSettings = z.infer<typeof permissionsSchema>;
export type McpServerSettings = z.infer<typeof mcpServerSchema>;
export type HooksSettings = z.infer<typeof hooksSchema>;
export type SettingsKey = keyof SettingsData;

export const SETTINGS_KEYS = Object.keys(settingsSchema.shape) as SettingsKey[];

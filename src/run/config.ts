// resolveRunConfig(): the flags (or SDK options), the environment and the loaded settings files ->
// one typed RunConfig, by the rows of options.ts and nothing else. Each value is parsed once, by its
// row's parser; a bad value fails here, before any file is written or any model called.
import { type CompactionSettings, compactionLimits } from "../compaction-settings.js";
import { UsageError } from "../errors.js";
import type { SessionMetadata } from "../messages/types.js";
import { type PermissionConfig, resolvePermissionConfig } from "../permissions/config.js";
import type { ProviderName } from "../providers/types.js";
import { type Env, nonEmpty, type ReasoningEffort } from "../settings/choices.js";
import { ENV_VARIABLES } from "../settings/env-layer.js";
import type { LoadedSettings } from "../settings/load.js";
import { getPath } from "../settings/merge.js";
import { splitModelPrefix } from "./model-prefix.js";
import {
  type Front,
  RUN_OPTIONS,
  type RunOptionKey,
  type RunOptionRow,
  type RunOptions,
  type RunValues,
} from "./options.js";

export interface RunInput {
  front: Front;
  /** The flags or SDK options as given. */
  options: RunOptions;
  env: Env;
  /** The settings files as loaded for workingDir (trust-gated; `files: false` for none). */
  loaded: LoadedSettings;
  /** Absolute; the settings files were found from it. */
  workingDir: string;
  /** The tools offered (permission rules naming others are warned about); default: the built-in ones. */
  toolNames?: readonly string[];
  /** Which session to open: one by id, the latest of workingDir, or a new one. */
  sessionId?: string;
  continueLatest?: boolean;
  /** false: nothing is written (SDK `save: false`). */
  save?: boolean;
  /** Create the session file at once instead of with the first message (the SDK). */
  createNow?: boolean;
  metadata?: SessionMetadata;
}

/** One run, resolved: every option of the table plus what follows from them. */
export interface RunConfig extends Omit<RunValues, "reasoningEffort" | "model" | "provider"> {
  front: Front;
  env: Env;
  workingDir: string;
  /** The settings files as loaded (trust-gated values, layers, where each value came from). */
  loaded: LoadedSettings;
  /** The explicit or configured model; undefined: chosen from the keys that are set. */
  model?: string;
  /** True when the flag or SDK option gave the model: it then replaces a continued session's. */
  modelFromFlag: boolean;
  provider?: ProviderName;
  /** What is sent (`none` resolved to undefined). */
  reasoningEffort?: ReasoningEffort;
  compaction: CompactionSettings;
  permissions: PermissionConfig;
  sessionId?: string;
  continueLatest: boolean;
  save: boolean;
  createNow: boolean;
  metadata?: SessionMetadata;
}

/** The name a flag's or SDK option's value goes by in an error. */
function optionName(row: RunOptionRow<unknown>, key: string, front: Front): string {
  return (front === "cli" ? row.flag : row.sdk) ?? key;
}

function settingsSource(loaded: LoadedSettings, setting: string): string {
  const source = loaded.sources[setting];
  if (source?.kind === "env") return source.where;
  return source ? `${setting} in ${source.where}` : setting;
}

/** One option by its row's order (see RunOptionOrder). */
export function resolveOption<K extends RunOptionKey>(key: K, input: RunInput): RunValues[K] {
  const row = RUN_OPTIONS[key] as RunOptionRow<unknown>;
  // Only what this front end offers: the CLI's flags, the SDK's options.
  const name = input.front === "cli" ? row.flag : row.sdk;
  const given = name === undefined ? undefined : input.options[key];
  const fromOption = () => (given === undefined ? undefined : row.parse(given, name ?? key));
  const fromFiles = () => {
    if (row.setting === undefined) return undefined;
    const value = getPath(input.loaded.values, row.setting);
    return value === undefined ? undefined : row.parse(value, settingsSource(input.loaded, row.setting));
  };
  // A variable of the environment layer is already in the loaded values, under every file.
  const fromEnv = () => {
    const raw = row.env === undefined ? undefined : nonEmpty(input.env[row.env]);
    return raw === undefined ? undefined : row.parse(raw, row.env as string);
  };
  const fallback = row.defaults?.[input.front];
  let value: unknown;
  switch (row.order) {
    case "layers":
      value = fromOption() ?? fromFiles() ?? (row.env && !isEnvLayer(row.env) ? fromEnv() : undefined);
      break;
    case "env-wins":
      value = fromEnv() ?? fromOption() ?? fromFiles();
      break;
    case "env-only":
      value = fromEnv();
      break;
    case "add-up": {
      const files = (fromFiles() as unknown[] | undefined) ?? [];
      const option = (fromOption() as unknown[] | undefined) ?? [];
      value = files.length + option.length > 0 ? [...new Set([...files, ...option])] : undefined;
      break;
    }
  }
  return (value ?? fallback) as RunValues[K];
}

function isEnvLayer(variable: string): boolean {
  return Object.values(ENV_VARIABLES).includes(variable);
}

/** Whether an OpenAI-compatible base URL is set (then `org/model` ids are the server's own names). */
export function baseUrlGiven(baseUrl: string | undefined, env: Env): boolean {
  return (
    baseUrl !== undefined ||
    nonEmpty(env.OPENAI_BASE_URL) !== undefined ||
    nonEmpty(env.OPENAI_API_BASE) !== undefined
  );
}

export function resolveRunConfig(input: RunInput): RunConfig {
  const values = Object.fromEntries(
    (Object.keys(RUN_OPTIONS) as RunOptionKey[]).map((key) => [key, resolveOption(key, input)]),
  ) as RunValues;
  const { options, env, loaded } = input;
  const explicitModel = options.model === undefined ? undefined : values.model;
  const hasBaseUrl = baseUrlGiven(values.baseUrl, env);
  const chosen: { model?: string; provider?: ProviderName } =
    values.model === undefined
      ? {}
      : splitModelPrefix(
          values.model,
          hasBaseUrl,
          explicitModel ? optionName(RUN_OPTIONS.model, "model", input.front) : "the configured model",
        );
  const optionProvider = options.provider === undefined ? undefined : values.provider;
  if (optionProvider && chosen.provider && optionProvider !== chosen.provider) {
    throw new UsageError(
      `--provider ${optionProvider} conflicts with the model's prefix ${chosen.provider}/: drop one of them.`,
    );
  }
  const compaction: CompactionSettings = {
    enabled: values.autoCompact,
    contextWindow: values.contextWindow,
    reserveTokens: values.reserveTokens,
    keepRecentTokens: values.keepRecentTokens,
  };
  // A reserve that does not fit the given window fails now (with the catalog's window: when opened).
  if (compaction.contextWindow !== undefined) compactionLimits(compaction, compaction.contextWindow);
  // Invalid rules or mode (flags, options or files) throw PermissionConfigError here.
  const permissions = resolvePermissionConfig(
    {
      permissionMode: options.permissionMode === undefined ? undefined : values.permissionMode,
      yolo: options.yolo === true,
      allow: RUN_OPTIONS.allow.parse(options.allow, "allow"),
      deny: RUN_OPTIONS.deny.parse(options.deny, "deny"),
      ask: RUN_OPTIONS.ask.parse(options.ask, "ask"),
    },
    {
      defaultMode: loaded.values.permissions?.defaultMode,
      defaultModeSource: loaded.sources["permissions.defaultMode"]?.where,
      rules: loaded.permissionRules,
    },
    input.front === "cli" ? "flag" : "sdk",
    input.toolNames,
  );
  return {
    ...values,
    front: input.front,
    env,
    workingDir: input.workingDir,
    loaded,
    model: chosen.model,
    modelFromFlag: explicitModel !== undefined,
    provider: optionProvider ?? chosen.provider ?? values.provider,
    reasoningEffort: values.reasoningEffort === "none" ? undefined : values.reasoningEffort,
    compaction,
    permissions,
    sessionId: input.sessionId,
    continueLatest: input.continueLatest === true,
    save: input.save ?? true,
    createNow: input.createNow ?? false,
    metadata: input.metadata,
  };
}

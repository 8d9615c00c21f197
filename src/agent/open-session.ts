// Opening an AgentSession, shared by print mode, interactive mode and the SDK: check the working
// directory and the sessions directory, take the session's lock and then load it (or the latest),
// resolve the model and the key before anything is saved, and choose the system prompt.
import { stat } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { RunBudget } from "../analysis/budget.js";
import { type CompactionSettings, resolveCompactionSettings } from "../compaction-settings.js";
import {
  type Env,
  parseFallbackModels,
  parseReasoningEffort,
  promptCachingOf,
  type ReasoningEffort,
  requestTimeoutMs,
} from "../config.js";
import { defaultModelFor, noProviderError, nothingConfigured, resolveConnection } from "../connection.js";
import { AgenixError, ConfigError } from "../errors.js";
import type { SessionData, SessionMetadata } from "../messages/types.js";
import { filterToolEnv } from "../permissions/env.js";
import { type ApprovalAnswer, type ApprovalRequest, Permissions } from "../permissions/gate.js";
import type { PermissionMode, PermissionRule } from "../permissions/types.js";
import { defaultSystemPrompt } from "../prompts/system-prompt.js";
import type { PromptCaching } from "../providers/cache-anthropic.js";
import { inferProvider } from "../providers/index.js";
import { type LocalServer, probeLocalServers } from "../providers/local-probe.js";
import type { Provider, ProviderName } from "../providers/types.js";
import { defaultSessionRoot } from "../sessions/paths.js";
import type { LoadedSettings } from "../settings/load.js";
import type { Tool } from "../tools/types.js";
import { type AgentNotice, AgentSession } from "./agent-session.js";
import type { CompactionHooks } from "./compaction/hooks.js";
import type { AgentHooks } from "./hooks.js";
import { searchIndexUpdater } from "./open-session-search-index.js";
import { lockIfStored, type SessionStore } from "./session-record.js";

/** The SessionManager methods used to open sessions (a subclass or look-alike works). */
export interface SessionOpener extends SessionStore {
  /** `frozen`: the opener only appends to the messages, so they may be frozen (see SessionManager). */
  loadSession(id: string, options?: { workingDir?: string; frozen?: boolean }): Promise<SessionData>;
  latestSession?(workingDir: string): Promise<{ id: string } | SessionData | undefined | null>;
  /** Throws a clear error when sessions cannot be saved at all (sessions directory is a file...). */
  assertWritable?(): Promise<void>;
}

export interface OpenSessionOptions {
  /** Explicit model (flag or SDK option): overrides a continued session's model. */
  model?: string;
  /**
   * Model for new sessions when none is explicit (settings files, AGENIX_MODEL). Undefined: the
   * first provider whose key is set, else a local server's first model (see chooseModel).
   */
  defaultModel?: string;
  provider?: ProviderName;
  apiKey?: string;
  baseUrl?: string;
  env: Env;
  /** Absolute directory (the current one, or --working-dir). */
  workingDir: string;
  systemPrompt?: string;
  /** Appended to the system prompt (default or custom), e.g. settings `appendSystemPrompt`. */
  appendSystemPrompt?: string;
  maxTurns: number;
  sessionId?: string;
  /** Continue the latest session of workingDir. */
  continueLatest?: boolean;
  manager: SessionOpener;
  /** false: nothing is written (SDK `save: false`). */
  save: boolean;
  /** Create the session file at once instead of with the first message. */
  createNow: boolean;
  metadata?: SessionMetadata;
  tools?: Tool[];
  onNotice?: (notice: AgentNotice) => void;
  /** Appended to the system prompt (default or custom): context files and the skills listing. */
  promptAddition?: string;
  /** Extension hooks (lifecycle events, tool calls and results). */
  hooks?: AgentHooks;
  /** Extension and MCP tools, asked before each run (MCP servers may come up later). */
  extraTools?: () => Tool[];
  /** The settings files as loaded (trust-gated values, layers, rule origins) for whoever needs them. */
  settings?: LoadedSettings;
  /** Looks for a local OpenAI-compatible server when no key is set (default: probeLocalServers). */
  probeLocal?: (env: Env) => Promise<LocalServer | undefined>;
  /** Mode, rules and how to ask. Default: `default` mode, no rules, and "ask" refused (print mode). */
  permissions?: PermissionSetup;
  /** Variables tool processes may see even though their names look like credentials. */
  envPassThrough?: readonly string[];
  /** Compaction settings given by the caller (SDK options, settings files); the environment wins. */
  compaction?: Partial<CompactionSettings>;
  compactionHooks?: CompactionHooks;
  reasoningEffort?: ReasoningEffort;
  /** Prompt caching (default: settings promptCaching, else on). */
  promptCaching?: PromptCaching;
  /** Stop before a request would take the spend over this (default: settings maxBudgetUsd). */
  maxBudgetUsd?: number;
  /** Tried in turn after overload, rate limit or 5xx (default: settings fallbackModel). */
  fallbackModels?: string[];
}

/** The model catalog's context window (loaded on first use). */
async function catalogWindow(model: string, provider: string): Promise<number | undefined> {
  const { catalogContextWindow } = await import("../analysis/model-catalog.js");
  return catalogContextWindow(model, provider);
}

export interface PermissionSetup {
  mode: PermissionMode;
  rules: PermissionRule[];
  /** Asks the user; absent: an "ask" is refused. */
  ask?: (request: ApprovalRequest) => Promise<ApprovalAnswer>;
  /** Saves a remembered rule (settings.local.json). */
  remember?: (rule: PermissionRule) => void | Promise<void>;
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

async function assertWorkingDir(dir: string): Promise<void> {
  let isDir: boolean;
  try {
    isDir = (await stat(dir)).isDirectory();
  } catch {
    throw new ConfigError(`Working directory does not exist: ${dir}`);
  }
  if (!isDir) {
    throw new ConfigError(
      `Working directory is not a directory: ${dir} (it is a file; pass its folder, e.g. --working-dir ${JSON.stringify(path.dirname(dir))})`,
    );
  }
}

/** The session to continue: its id, or (a custom store's latestSession) the session itself. */
async function requested(options: OpenSessionOptions): Promise<string | SessionData | undefined> {
  const { manager, workingDir } = options;
  if (options.sessionId !== undefined) return options.sessionId;
  if (!options.continueLatest) return undefined;
  const latest = manager.latestSession ? await manager.latestSession(workingDir) : undefined;
  if (!latest) {
    throw new AgenixError(
      `No saved session to continue in ${workingDir}. Start one with: agenix "<message>" (or pick one with agenix sessions list).`,
    );
  }
  if ("messages" in latest && Array.isArray(latest.messages)) return latest as SessionData;
  return latest.id;
}

/**
 * Lock first, then load: a holder that saves and exits between a load and a lock would otherwise
 * be overwritten from the stale copy. Returns the session and the lock's release (if any).
 */
async function lockAndLoad(
  options: OpenSessionOptions,
): Promise<{ data?: SessionData; release?: () => Promise<void> }> {
  const target = await requested(options);
  if (target === undefined) return {};
  const { manager, workingDir } = options;
  const id = typeof target === "string" ? target : target.id;
  const release = options.save ? await lockIfStored(manager, id, workingDir) : undefined;
  try {
    const data =
      typeof target === "string" ? await manager.loadSession(id, { workingDir, frozen: true }) : target;
    return { data, release };
  } catch (error) {
    await release?.();
    throw error;
  }
}

export async function openAgentSession(options: OpenSessionOptions): Promise<AgentSession> {
  await assertWorkingDir(options.workingDir);
  if (options.save) await options.manager.assertWritable?.();
  const { data, release } = await lockAndLoad(options);
  try {
    return await openLoaded(options, data, release);
  } catch (error) {
    await release?.();
    throw error;
  }
}

async function openLoaded(
  options: OpenSessionOptions,
  data: SessionData | undefined,
  releaseLock: (() => Promise<void>) | undefined,
): Promise<AgentSession> {
  const notices: AgentNotice[] = [];
  const { model, connectionInput } = await chooseModel(options, data?.model, notices);
  // Fails (no key) before anything is saved; the lock taken above is released by the caller.
  const connection = resolveConnection({ model, ...connectionInput }, options.env);
  const providerName = connection.provider;
  const timeoutMs = requestTimeoutMs(options.env); // an invalid value fails here, before any save
  // Settings files (compaction.*, reasoningEffort) under the caller's own values; the env wins for compaction.
  const fromFiles = options.settings?.values;
  const compaction = resolveCompactionSettings(
    { ...fromFiles?.compaction, ...options.compaction },
    options.env,
  ); // an invalid value fails here, before any save
  const reasoningEffort =
    options.reasoningEffort ?? parseReasoningEffort(fromFiles?.reasoningEffort, "reasoningEffort (settings)");
  const promptCaching = options.promptCaching ?? promptCachingOf(fromFiles?.promptCaching);
  const fallbackModels = options.fallbackModels ?? parseFallbackModels(fromFiles?.fallbackModel, false);
  const maxBudgetUsd = options.maxBudgetUsd ?? fromFiles?.maxBudgetUsd;

  let workingDir = options.workingDir;
  if (data) {
    if (await isDirectory(data.working_dir)) {
      if (data.working_dir !== options.workingDir) {
        notices.push({
          type: "notice",
          level: "info",
          text: `Working directory: ${data.working_dir} (from the session)`,
        });
      }
      workingDir = data.working_dir;
    } else {
      notices.push({
        type: "notice",
        level: "warning",
        text: `Warning: the session's working directory ${data.working_dir} no longer exists; using ${options.workingDir}.`,
      });
    }
  }

  const tools = options.tools ?? (await import("../tools/registry.js")).builtinTools();
  const custom = options.systemPrompt ?? (data?.system_prompt as string | undefined);
  const base = custom ?? defaultSystemPrompt({ workingDir, toolNames: tools.map((t) => t.name) });
  // Context files and skills follow the base prompt; the user's --append-system-prompt comes last.
  const systemPrompt = [base, options.promptAddition, options.appendSystemPrompt]
    .filter(Boolean)
    .join("\n\n");

  const makeBudget = (limit: number) => new RunBudget(limit, (text) => session.addNotice("warning", text));
  const session = new AgentSession({
    store: options.save ? options.manager : null,
    afterSave: options.save ? searchIndexUpdater(options.manager) : undefined,
    data,
    releaseLock,
    model,
    workingDir,
    systemPrompt,
    customSystemPrompt: custom,
    maxTurns: options.maxTurns,
    tools,
    extraTools: options.extraTools,
    hooks: options.hooks,
    providerFor: providerFactory(connectionInput, options.env, providerName, { timeoutMs, promptCaching }),
    fallbackModels,
    budget: maxBudgetUsd === undefined ? undefined : makeBudget(maxBudgetUsd),
    makeBudget,
    providerName,
    metadata: options.metadata,
    notices,
    onNotice: options.onNotice,
    compaction,
    contextWindowFor: catalogWindow,
    compactionHooks: options.compactionHooks,
    reasoningEffort,
    permissions: new Permissions({
      mode: options.permissions?.mode ?? "default",
      rules: options.permissions?.rules ?? [],
      ask: options.permissions?.ask,
      remember: options.permissions?.remember,
      notify: (text) => options.onNotice?.({ type: "notice", level: "warning", text }),
      preloadShell: tools.some((tool) => tool.name === "bash"),
      workingDir,
      home: options.env.HOME || homedir(),
      sessionsDir: sessionsRoot(options.manager, options.env),
    }),
    // Never the key agenix uses, whatever variable holds it, nor anything named like a credential.
    toolEnv: filterToolEnv(options.env, {
      passThrough: options.envPassThrough,
      secretValues: [connection.apiKey, options.apiKey ?? ""],
    }),
  });
  if (options.createNow) await session.ensureSaved();
  await session.started();
  return session;
}

type ConnectionFields = { provider?: ProviderName; apiKey?: string; baseUrl?: string };

/**
 * The model and endpoint: explicit model, else the session's, else the configured default, else the
 * first provider whose key is set. With no key and no base URL at all, a local OpenAI-compatible
 * server that answers (Ollama, LM Studio, llama.cpp) is used, with a notice naming it.
 */
async function chooseModel(
  options: OpenSessionOptions,
  sessionModel: string | undefined,
  notices: AgentNotice[],
): Promise<{ model: string; connectionInput: ConnectionFields }> {
  const input: ConnectionFields = {
    provider: options.provider,
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
  };
  const wanted = options.model ?? sessionModel ?? options.defaultModel;
  const wantsOpenAI = (input.provider ?? (wanted ? inferProvider(wanted) : "openai")) === "openai";
  if (wantsOpenAI && nothingConfigured(input, options.env)) {
    const server = await (options.probeLocal ?? probeLocalServers)(options.env);
    if (server) {
      const model = wanted ?? server.models[0]!;
      notices.push({
        type: "notice",
        level: "info",
        text: `No API key set: using ${server.name} at ${server.baseUrl} with model ${model}${wanted ? "" : " (its first model; choose another with --model)"}.`,
      });
      return { model, connectionInput: { ...input, provider: "openai", baseUrl: server.baseUrl } };
    }
    if (wanted === undefined) throw noProviderError();
  }
  const model = wanted ?? defaultModelFor(input, options.env);
  if (model === undefined) throw noProviderError();
  return { model, connectionInput: input };
}

/**
 * Resolves key and endpoint per model (a /model switch may change provider); one client per provider.
 * An explicit key or base URL belongs to the provider the session opened with: a switch to the other
 * provider (no --provider pinning it) uses that provider's own environment instead, so a model never
 * goes to the wrong server (`/v1/v1/messages`) or with the wrong provider's key.
 */
function providerFactory(
  input: { provider?: ProviderName; apiKey?: string; baseUrl?: string },
  env: Env,
  home: ProviderName,
  extra: { timeoutMs?: number; promptCaching?: PromptCaching },
): (model: string) => Promise<Provider> {
  const cache = new Map<string, Promise<Provider>>();
  return (model) => {
    const sameProvider = (input.provider ?? inferProvider(model)) === home;
    const own = sameProvider ? input : { provider: input.provider };
    const connection = resolveConnection({ model, ...own }, env);
    const key = `${connection.provider}\n${connection.baseUrl ?? ""}`;
    let provider = cache.get(key);
    if (!provider) {
      provider = import("../providers/index.js").then(({ createProvider }) =>
        createProvider({
          provider: connection.provider,
          apiKey: connection.apiKey,
          baseUrl: connection.baseUrl,
          ...extra,
        }),
      );
      cache.set(key, provider);
    }
    return provider;
  };
}

/** The sessions folder (reading it is reading every conversation: a built-in "ask"). */
function sessionsRoot(manager: SessionOpener, env: Env): string {
  const dir = (manager as { dir?: unknown }).dir;
  return typeof dir === "string" ? dir : defaultSessionRoot(env as NodeJS.ProcessEnv);
}

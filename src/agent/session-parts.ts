// The parts one AgentSession is made of, and how they are wired to each other: its record (data,
// saving, lock), where its events go, its request guard, reasoning effort, budget, command hooks,
// compaction and checkpoints. agent-session.ts is the facade over them; turn-runner.ts runs a prompt
// with them.
import { isoNow, type SessionData } from "../messages/types.js";
import type { Provider } from "../providers/types.js";
import { type CompactionDriver, createCompactionDriver } from "./compaction/driver.js";
import type { LifecycleEvent } from "./hooks.js";
import { ReasoningControl } from "./reasoning.js";
import { guardProvider } from "./request-guard.js";
import { SessionActivity } from "./session-activity.js";
import { SessionBudget } from "./session-budget.js";
import { SessionCheckpoints } from "./session-checkpoints.js";
import { SessionCommandHooks } from "./session-command-hooks.js";
import type { AgentSessionInit } from "./session-init.js";
import { SessionOutlet } from "./session-outlet.js";
import { SessionRecord } from "./session-record.js";

export interface SessionParts {
  readonly init: AgentSessionInit;
  /** The session's data and its saving (file or row, lock). */
  readonly record: SessionRecord;
  /** Where events and notices go. */
  readonly outlet: SessionOutlet;
  /** One prompt, compaction or restore at a time; nothing after close. */
  readonly activity: SessionActivity;
  /** Providers with the session's request guard (cache key, budget, fallback models) around them. */
  readonly providerFor: (model: string) => Promise<Provider>;
  /** Sent to models that support it; undefined: the provider's default. */
  readonly reasoning: ReasoningControl;
  /** The run's spending limit (set at start, or by setBudget). */
  readonly budget: SessionBudget;
  readonly commandHooks: SessionCommandHooks | undefined;
  /** Compaction of this session: the loop's context, manual compaction, context usage. */
  readonly compaction: CompactionDriver;
  readonly checkpoints: SessionCheckpoints;
  /** The session id, or undefined while no file exists yet (a new session before its first message). */
  id(): string | undefined;
  /** The session's model now (it changes with setModel). */
  model(): string;
  /** Creates the session file now (nothing without a store). */
  ensureSaved(): Promise<void>;
  /** Tells the extensions' hooks (and an SDK caller's) of a lifecycle event. */
  fire(event: LifecycleEvent): Promise<void>;
  /** The data of a new, empty session, saved with its first message. */
  draft(): SessionData;
}

/** Builds the parts of a session from its init; `model` reads the facade's current model. */
export function assembleSession(init: AgentSessionInit, model: () => string): SessionParts {
  const outlet = new SessionOutlet(init.notices, init.onNotice);
  const draft = (): SessionData => {
    const now = isoNow();
    const data: SessionData = {
      id: "",
      working_dir: init.workingDir,
      model: model(),
      created_at: now,
      updated_at: now,
      metadata: { ...(init.metadata ?? {}) },
      messages: [],
    };
    if (init.customSystemPrompt !== undefined) data.system_prompt = init.customSystemPrompt;
    data.provider = init.providerName;
    return data;
  };
  const record = new SessionRecord({
    store: init.store,
    data: init.data ?? draft(),
    created: init.data !== undefined,
    releaseLock: init.releaseLock,
    afterSave: init.afterSave,
    warn: (text) => outlet.notice("warning", text),
  });
  const id = () => (record.created ? record.data.id : undefined);
  const ensureSaved = async () => {
    if (!record.created && init.store) await record.create();
  };
  const budget = new SessionBudget(init.budget, init.makeBudget);
  const guard = {
    providerFor: init.providerFor,
    fallbackModels: init.fallbackModels ?? [],
    get budget() {
      return budget.current;
    },
    cacheKey: id,
    notice: (text: string) => outlet.notice("warning", text),
  };
  const providerFor = async (name: string) => guardProvider(await init.providerFor(name), guard);
  const reasoning = new ReasoningControl(init.reasoningEffort, (text) => outlet.notice("info", text));
  const port = init.commandHooks;
  const commandHooks =
    port &&
    new SessionCommandHooks(port, {
      id,
      store: init.store,
      workingDir: init.workingDir,
      mode: () => init.permissions?.mode ?? "default",
      model,
      env: init.toolEnv,
      report: (r) => outlet.hook(r),
    });
  // PreCompact hooks before the extensions' and the caller's compaction hooks; SessionStart after.
  const compactionHooks = commandHooks?.compactionHooks(init.hooks) ?? init.hooks;
  const compaction = createCompactionDriver(
    { ...init, hooks: compactionHooks },
    {
      data: () => record.data,
      model,
      save: () => record.save(),
      emit: (event) => outlet.emit(event),
      notice: (text) => outlet.notice("info", text),
      id,
    },
  );
  const checkpoints = new SessionCheckpoints(init.checkpoints, init.checkpointsOff, {
    data: () => record.data,
    ensureSaved,
    saveHeader: () => record.saveHeader(),
    emit: (event) => outlet.emit(event),
    notice: (level, text) => outlet.notice(level, text),
  });
  if (init.data) {
    init.data.model = init.model;
    init.data.provider = init.providerName;
    if (init.customSystemPrompt !== undefined) init.data.system_prompt = init.customSystemPrompt;
    if (init.metadata) Object.assign(init.data.metadata, init.metadata);
  }
  return {
    init,
    record,
    outlet,
    activity: new SessionActivity(),
    providerFor,
    reasoning,
    budget,
    commandHooks,
    compaction,
    checkpoints,
    id,
    model,
    ensureSaved,
    fire: async (event) => {
      await init.hooks?.emit?.(event);
    },
    draft,
  };
}

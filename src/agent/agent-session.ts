// AgentSession: one conversation, what the SDK returns and what print and interactive mode drive.
// It runs the loop and persists from its event stream: every `message` is pushed into the
// SessionData and saved before the loop goes on (so the user's message is on disk before the model
// is called), through its SessionRecord (session-record.ts). Beside it: what it is made of
// (session-init.ts), its checkpoints (session-checkpoints.ts), its budget (session-budget.ts), its
// command hooks (session-command-hooks.ts) and its compaction (compaction/driver.ts).

import { UsageError } from "../errors.js";
import { forkPointProblem } from "../messages/fork-point.js";
import {
  type CheckpointRecord,
  type CompactionRecord,
  isoNow,
  type Message,
  type SessionData,
  type ToolCall,
  typedText,
  type UserInput,
  userText,
} from "../messages/types.js";
import type { Permissions } from "../permissions/gate.js";
import type { Provider } from "../providers/types.js";
import type { ReasoningEffort } from "../settings/choices.js";
import type { BackgroundShells } from "../tools/background-shells.js";
import type { CommandSandbox } from "../tools/shell-handle.js";
import type { Tool } from "../tools/types.js";
import type { RestoreOptions, RestoreOutcome } from "./checkpoint-keeper.js";
import { describeHookReport, type HookReport } from "./command-hooks.js";
import type { ContextUsage } from "./compaction/compactor.js";
import { type CompactionDriver, createCompactionDriver, sendableWindow } from "./compaction/driver.js";
import { EventQueue } from "./event-queue.js";
import type { AgentEvent } from "./events.js";
import type { LifecycleEvent } from "./hooks.js";
import { runAgentLoop } from "./loop.js";
import { ReasoningControl } from "./reasoning.js";
import { guardProvider, type RequestBudget } from "./request-guard.js";
import { SessionBudget } from "./session-budget.js";
import { type Restore, SessionCheckpoints } from "./session-checkpoints.js";
import { SessionCommandHooks } from "./session-command-hooks.js";
import type { AgentNotice, AgentSessionInit, CompactOptions, RunOptions } from "./session-init.js";
import { SessionRecord } from "./session-record.js";

export type { AgentNotice, AgentSessionInit, CompactOptions, RunOptions } from "./session-init.js";

export class AgentSession {
  model: string;
  readonly workingDir: string;
  maxTurns: number;
  /** The session's data and its saving (file or row, lock). */
  private readonly record: SessionRecord;
  private running = false;
  private closed = false;
  private pendingNotices: AgentNotice[];
  private sink: ((event: AgentEvent) => void) | undefined;
  /** Compaction of this session: the loop's context, manual compaction, context usage. */
  readonly compaction: CompactionDriver;
  /** Sent to models that support it; undefined: the provider's default. */
  private readonly reasoning: ReasoningControl;
  private readonly commandHooks: SessionCommandHooks | undefined;

  /** The run's spending limit (set at start, or by setBudget). */
  private readonly runBudget: SessionBudget;
  private readonly checkpointsOf: SessionCheckpoints;
  /** Providers with the session's request guard (cache key, budget, fallback models) around them. */
  private readonly providerFor: (model: string) => Promise<Provider>;

  constructor(private readonly init: AgentSessionInit) {
    const budget = new SessionBudget(init.budget, init.makeBudget);
    this.runBudget = budget;
    const guard = {
      providerFor: init.providerFor,
      fallbackModels: init.fallbackModels ?? [],
      get budget() {
        return budget.current;
      },
      cacheKey: () => this.id,
      notice: (text: string) => this.notice("warning", text),
    };
    this.providerFor = async (model) => guardProvider(await init.providerFor(model), guard);
    this.reasoning = new ReasoningControl(init.reasoningEffort, (text) => this.notice("info", text));
    const port = init.commandHooks;
    this.commandHooks =
      port &&
      new SessionCommandHooks(port, {
        id: () => this.id,
        store: init.store,
        workingDir: init.workingDir,
        mode: () => this.init.permissions?.mode ?? "default",
        env: init.toolEnv,
        report: (r) => this.emitHook(r),
      });
    // PreCompact hooks before the extensions' and the caller's compaction hooks; SessionStart after.
    const compactionHooks = this.commandHooks?.compactionHooks(init.hooks) ?? init.hooks;
    this.compaction = createCompactionDriver(
      { ...init, hooks: compactionHooks },
      {
        data: () => this.record.data,
        model: () => this.model,
        save: () => this.record.save(),
        emit: (event) => this.emitOut(event),
        notice: (text) => this.notice("info", text),
        id: () => this.id,
      },
    );
    this.model = init.model;
    this.workingDir = init.workingDir;
    this.maxTurns = init.maxTurns;
    this.pendingNotices = [...(init.notices ?? [])];
    this.record = new SessionRecord({
      store: init.store,
      data: init.data ?? this.draft(),
      created: init.data !== undefined,
      releaseLock: init.releaseLock,
      afterSave: init.afterSave,
      warn: (text) => this.notice("warning", text),
    });
    this.checkpointsOf = new SessionCheckpoints(init.checkpoints, init.checkpointsOff, {
      data: () => this.record.data,
      ensureSaved: () => this.ensureSaved(),
      saveHeader: () => this.record.saveHeader(),
      emit: (event) => this.emitOut(event),
      notice: (level, text) => this.notice(level, text),
    });
    if (init.data) {
      init.data.model = init.model;
      init.data.provider = init.providerName;
      if (init.customSystemPrompt !== undefined) init.data.system_prompt = init.customSystemPrompt;
      if (init.metadata) Object.assign(init.data.metadata, init.metadata);
    }
  }

  /** Mode and rules of this session (undefined when it runs without checks). */
  get permissions(): Permissions | undefined {
    return this.init.permissions;
  }

  /** The session id, or undefined while no file exists yet (a new session before its first message). */
  get id(): string | undefined {
    return this.record.created ? this.record.data.id : undefined;
  }

  getMessages(): Message[] {
    return this.record.data.messages.slice();
  }

  getData(): SessionData {
    return this.record.data;
  }

  /** The system prompt sent with every request (base prompt, context files and skills). */
  get systemPrompt(): string {
    return this.init.systemPrompt;
  }

  /** Shows a notice to the user: in the running stream, else through onNotice, else with the next stream. */
  addNotice(level: AgentNotice["level"], text: string): void {
    this.notice(level, text);
  }

  /** Fires session_start for the extensions and SessionStart hooks (the opener calls it once ready). */
  async started(
    source: "startup" | "resume" | "clear" = this.init.data ? "resume" : "startup",
  ): Promise<void> {
    await this.commandHooks?.sessionStart(source);
    await this.fire({
      type: "session_start",
      sessionId: this.id,
      workingDir: this.workingDir,
      model: this.model,
    });
  }

  /** Creates the session file now (the SDK does this unless `save: false`). */
  async ensureSaved(): Promise<void> {
    if (!this.record.created && this.init.store) await this.record.create();
  }

  /** Starts a new, empty session; the old file is kept. Its file is created with the first message. */
  async clearMessages(): Promise<void> {
    this.assertIdle();
    await this.fire({ type: "session_end", sessionId: this.id });
    await this.commandHooks?.sessionEnd("clear");
    await this.record.restart(this.draft());
    await this.started("clear");
  }

  async setModel(model: string): Promise<void> {
    this.assertIdle();
    const provider = await this.providerFor(model); // fails early (ConfigError) on a missing key
    this.model = model;
    this.record.data.model = model;
    this.record.data.provider = provider.name;
    await this.record.saveHeader();
  }

  async setMetadata(metadata: { name?: string; tags?: string[] }): Promise<void> {
    if (metadata.name !== undefined) this.record.data.metadata.name = metadata.name;
    if (metadata.tags !== undefined) this.record.data.metadata.tags = metadata.tags;
    await this.record.saveHeader();
  }

  /** The run's budget and its estimated spend so far (undefined: no budget). */
  get budget(): { limitUsd: number; spentUsd: number } | undefined {
    return this.runBudget.spend();
  }

  /** Sets or raises the run's budget (interactive `/budget`); it applies from the next request. */
  setBudget(usd: number): void {
    this.runBudget.set(usd);
  }

  /** The run's spending limit itself, for subagents, whose requests count against it too. */
  get requestBudget(): RequestBudget | undefined {
    return this.runBudget.current;
  }

  /** Puts an event (a subagent's) into the running stream; dropped when nothing runs. */
  relay(event: AgentEvent): void {
    this.sink?.(event);
  }

  /** Sent to models that support it; undefined: the provider's default. */
  get reasoningEffort(): ReasoningEffort | undefined {
    return this.reasoning.effort;
  }

  /** Sets (or with undefined clears) the reasoning effort for the next turns. */
  setReasoningEffort(effort: ReasoningEffort | undefined): void {
    this.reasoning.effort = effort;
  }

  /** The context the next request would send, as tokens and a share of the model's window (estimated). */
  async contextUsage(): Promise<ContextUsage> {
    return this.compaction.usage(this.record.data.provider ?? this.init.providerName);
  }

  /**
   * Summarizes the older messages now (what `/compact` does). Resolves to the recorded compaction;
   * throws CompactionError (session unchanged) when there is nothing to compact or the summary fails.
   */
  async compact(options: CompactOptions = {}): Promise<CompactionRecord> {
    this.assertIdle();
    this.running = true;
    const previousSink = this.sink;
    if (options.onEvent) this.sink = options.onEvent;
    try {
      const provider = await this.providerFor(this.model);
      return await this.compaction.manual(provider, options.instructions, options.signal);
    } finally {
      this.sink = previousSink;
      this.running = false;
    }
  }

  /** Runs one user message to the end and resolves to the final assistant text. */
  async prompt(text: string | UserInput, options: RunOptions = {}): Promise<string> {
    let end: Extract<AgentEvent, { type: "agent_end" }> | undefined;
    let failure: Extract<AgentEvent, { type: "error" }> | undefined;
    for await (const event of this.stream(text, options)) {
      if (event.type === "agent_end") end = event;
      else if (event.type === "error") failure = event;
      else if (event.type === "notice") this.init.onNotice?.(event);
    }
    if ((end?.stopReason === "error" || end?.stopReason === "budget") && failure) throw failure.error;
    if (end?.stopReason === "aborted") {
      throw options.signal?.reason ?? new DOMException("The prompt was aborted", "AbortError");
    }
    return end?.finalText ?? "";
  }

  /** Runs one user message, yielding every event. Leaving the iteration early aborts the run. */
  async *stream(text: string | UserInput, options: RunOptions = {}): AsyncGenerator<AgentEvent> {
    this.assertIdle();
    const typed = typeof text === "string" ? text : userText(text);
    const hasImage =
      typeof text !== "string" &&
      typeof text.content !== "string" &&
      text.content.some((b) => b.type === "image");
    if (typeof typed !== "string" || (typed.trim() === "" && !hasImage)) {
      // Anthropic refuses an empty user message for good: such a session could never continue.
      throw new UsageError("The message is empty: pass some text to prompt() or stream().");
    }
    this.running = true;
    const controller = new AbortController();
    const onAbort = () => controller.abort(options.signal?.reason);
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener("abort", onAbort, { once: true });
    const queue = new EventQueue<AgentEvent>();
    let finished = false;
    let turnSnapshot: (() => Promise<void>) | undefined;
    try {
      for (const notice of this.pendingNotices.splice(0)) queue.push(notice);
      this.sink = (event) => queue.push(event);
      this.init.permissions?.warmUp();
      this.init.sandbox?.warmUp?.();
      const model = options.model ?? this.model;
      const provider = await this.providerFor(model);
      if (!options.model) this.record.data.provider = provider.name;
      const typedInput = typeof text === "string" ? text : typedText(text);
      const gate = await this.commandHooks?.prompt(text, typedInput, controller.signal);
      const blocked = gate?.blocked ?? gate?.stopTurn;
      if (blocked !== undefined) {
        // Not sent, not saved: the hook's reason is the whole answer.
        queue.push({ type: "agent_end", stopReason: "blocked", finalText: "" });
        queue.end();
        yield* queue;
        return;
      }
      // The turn's snapshot runs while the model is asked; it is recorded before the first tool runs.
      turnSnapshot = await this.checkpointsOf.beginTurn();
      const settleSnapshot = turnSnapshot;
      await this.fire({ type: "user_input", text: typedInput });
      await this.fire({ type: "agent_start", model });
      const hooks = this.init.hooks;
      // The loop sees what can still be sent (from the latest compaction on), never older messages.
      const { messages, base } = sendableWindow(this.record.data);
      const run = runAgentLoop({
        provider,
        model,
        systemPrompt: this.init.systemPrompt,
        messages,
        input: gate?.input ?? text,
        tools: this.init.extraTools
          ? [...this.init.tools, ...byName(this.init.extraTools())]
          : this.init.tools,
        workingDir: this.workingDir,
        maxTurns: this.maxTurns,
        signal: controller.signal,
        context: this.compaction.loopContext(provider, base),
        reasoningEffort: this.reasoning.forRequest(provider, model),
        authorize: this.init.permissions?.authorize,
        toolEnv: this.init.toolEnv,
        walkFilter: this.init.permissions?.walkFilter,
        explicitlyAllowedHost: this.init.permissions?.explicitlyAllowedHost,
        sandbox: this.init.sandbox,
        shells: this.init.shells,
        commandHooks: this.commandHooks?.loopHooks(),
        hooks: {
          ...(hooks && {
            turnStart: async (turn: number) => hooks.emit?.({ type: "turn_start", turn }),
            toolResult: async (call: ToolCall, result: { content: string; isError: boolean }) =>
              hooks.toolResult?.(call, result),
          }),
          // The turn's snapshot is recorded before the first tool can change a file.
          toolCall: async (call) => {
            await settleSnapshot();
            return hooks?.toolCall?.(call);
          },
        },
        emit: async (event) => {
          if (event.type === "agent_end") await settleSnapshot();
          if (event.type === "message") await this.record.persist(event.message);
          queue.push(event);
          if (event.type === "message") await this.fire({ type: "message_end", message: event.message });
          else if (event.type === "tool_result")
            await this.checkpointsOf.afterTool(event.call.name, event.summary);
          else if (event.type === "turn_end") await this.fire(event);
          else if (event.type === "agent_end") {
            await this.fire({ type: "agent_end", stopReason: event.stopReason, finalText: event.finalText });
          }
        },
      }).then(
        () => queue.end(),
        (error: unknown) => queue.fail(error),
      );
      try {
        yield* queue;
        finished = true;
      } finally {
        if (!finished) controller.abort();
        await run;
      }
    } finally {
      await turnSnapshot?.();
      options.signal?.removeEventListener("abort", onAbort);
      this.sink = undefined;
      this.running = false;
    }
  }

  /**
   * A new session with the first `at` messages of this one (default all) and
   * `metadata.forked_from`; this session and its file are left as they are. Throws UsageError when
   * `at` would separate a tool call from its result (the message names the nearest valid `at`).
   */
  async fork(options: { at?: number; name?: string } = {}): Promise<AgentSession> {
    this.assertIdle();
    const source = this.record.data;
    const at = options.at ?? source.messages.length;
    const problem = forkPointProblem(source.messages, at);
    if (problem) throw new UsageError(`Cannot fork: ${problem}.`);
    const metadata = {
      ...structuredClone(source.metadata),
      ...(options.name !== undefined ? { name: options.name } : {}),
      forked_from: { session_id: this.id ?? null, message_index: at },
    };
    const child = new AgentSession({
      ...this.init,
      data: undefined,
      releaseLock: undefined,
      notices: [],
      metadata,
    });
    child.model = this.model;
    child.record.data.model = this.model;
    child.record.data.messages = structuredClone(source.messages.slice(0, at));
    if (this.init.store && this.record.created) {
      await child.record.create();
      await this.init.store.saveSession(child.record.data);
    }
    return child;
  }

  /** The session's checkpoints, oldest first (see docs/checkpoints.md). */
  checkpoints(): CheckpointRecord[] {
    return this.checkpointsOf.list();
  }

  /**
   * Puts every file back as it was before the last turn (again: one more turn back). The undo is a
   * checkpoint itself. Throws CheckpointConflictError, changing nothing, when a file to restore was
   * changed since agenix last saw it, unless `force`.
   */
  async undo(options: RestoreOptions = {}): Promise<RestoreOutcome> {
    return this.restoreWith((keeper, data, notify) => keeper.undo(data, options, notify));
  }

  /** Takes back the last undo. */
  async redo(options: RestoreOptions = {}): Promise<RestoreOutcome> {
    return this.restoreWith((keeper, data, notify) => keeper.redo(data, options, notify));
  }

  /** Puts every file back as it was at checkpoint `id` (from checkpoints(); a unique prefix works). */
  async restore(id: string, options: RestoreOptions = {}): Promise<RestoreOutcome> {
    return this.restoreWith((keeper, data, notify) => keeper.restore(data, id, options, notify));
  }

  /** Snapshots now, after something outside a prompt that may change files (`!command`). */
  async snapshot(what: string): Promise<void> {
    this.assertIdle();
    await this.checkpointsOf.snapshot("tool", what);
  }

  /** Releases the session lock. The session object cannot run prompts afterwards. */
  /** Where bash runs commands (the user's `!command` too); undefined: unsandboxed. */
  get sandbox(): CommandSandbox | undefined {
    return this.init.sandbox;
  }

  /** The session's background shells (for /ps); absent when the session has none. */
  get backgroundShells(): BackgroundShells | undefined {
    return this.init.shells;
  }

  /**
   * Stops the background shells still running (close() does it too); resolves to the notice naming
   * them, for a front end that shows it itself, or undefined when none was running.
   */
  async stopBackgroundShells(): Promise<string | undefined> {
    return this.init.shells?.end();
  }

  async close(reason = "other"): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stopped = await this.stopBackgroundShells();
    if (stopped) this.notice("warning", stopped);
    await this.checkpointsOf.close();
    await this.fire({ type: "session_end", sessionId: this.id });
    await this.commandHooks?.sessionEnd(reason);
    await this.record.unlock();
    await this.init.onClose?.();
  }

  /** A permission prompt is about to wait for the user: Notification hooks hear of it. */
  approvalWaiting(label: string): void {
    this.commandHooks?.notify(`agenix needs your permission to use ${label}`);
  }

  /** The user has not answered for a while (interactive mode): Notification hooks hear of it. */
  inputIdle(): void {
    this.commandHooks?.notify("agenix is waiting for your input", "idle_prompt");
  }

  /** A hook outcome: an event in a running stream, else a notice when the user should see it. */
  private emitHook(report: HookReport): void {
    if (this.sink) {
      this.sink({ type: "hook", ...report });
      return;
    }
    const line = describeHookReport(report);
    if (line) this.notice("warning", line);
  }

  private async restoreWith(run: Restore): Promise<RestoreOutcome> {
    this.assertIdle();
    this.running = true;
    try {
      return await this.checkpointsOf.restore(run);
    } finally {
      this.running = false;
    }
  }

  private async fire(event: LifecycleEvent): Promise<void> {
    await this.init.hooks?.emit?.(event);
  }

  private draft(): SessionData {
    const now = isoNow();
    const data: SessionData = {
      id: "",
      working_dir: this.workingDir,
      model: this.model,
      created_at: now,
      updated_at: now,
      metadata: { ...(this.init.metadata ?? {}) },
      messages: [],
    };
    if (this.init.customSystemPrompt !== undefined) data.system_prompt = this.init.customSystemPrompt;
    data.provider = this.init.providerName;
    return data;
  }

  private assertIdle(): void {
    if (this.closed) throw new UsageError("This session is closed; open it again to continue.");
    if (this.running) {
      throw new UsageError("A prompt is already running in this session; wait for it or abort it first.");
    }
  }

  private emitOut(event: AgentEvent): void {
    if (this.sink) this.sink(event);
    else if (event.type === "notice") this.notice(event.level, event.text);
  }

  private notice(level: AgentNotice["level"], text: string): void {
    const event: AgentNotice = { type: "notice", level, text };
    if (this.sink) this.sink(event);
    else if (this.init.onNotice) this.init.onNotice(event);
    else this.pendingNotices.push(event);
  }
}

/**
 * Extension and MCP tools in name order: the tool definitions are part of the prompt prefix the
 * providers cache, so their order must not depend on which MCP server came up first.
 */
function byName(tools: Tool[]): Tool[] {
  return tools.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

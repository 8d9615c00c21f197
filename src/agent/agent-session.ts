// AgentSession: one conversation, what the SDK returns and what print and interactive mode drive.
// A facade over the parts it is made of (session-parts.ts): its record (session-record.ts), where its
// events go (session-outlet.ts), one activity at a time (session-activity.ts), its checkpoints
// (session-checkpoints.ts), budget (session-budget.ts), command hooks (session-command-hooks.ts)
// and compaction (compaction/driver.ts). A prompt runs in turn-runner.ts, which persists from the
// loop's events; a fork starts from session-fork.ts; what a session is built from is session-init.ts.

import type {
  CheckpointRecord,
  CompactionRecord,
  Message,
  SessionData,
  UserInput,
} from "../messages/types.js";
import type { Permissions } from "../permissions/gate.js";
import type { ReasoningEffort } from "../settings/choices.js";
import type { BackgroundShells } from "../tools/background-shells.js";
import type { CommandSandbox } from "../tools/shell-handle.js";
import type { RestoreOptions, RestoreOutcome } from "./checkpoint-keeper.js";
import type { ContextUsage } from "./compaction/compactor.js";
import type { CompactionDriver } from "./compaction/driver.js";
import type { AgentEvent } from "./events.js";
import type { RequestBudget } from "./request-guard.js";
import type { Restore } from "./session-checkpoints.js";
import { planFork } from "./session-fork.js";
import type { AgentNotice, AgentSessionInit, CompactOptions, RunOptions } from "./session-init.js";
import { assembleSession, type SessionParts } from "./session-parts.js";
import { finalText, runTurn } from "./turn-runner.js";

export type { AgentNotice, AgentSessionInit, CompactOptions, RunOptions } from "./session-init.js";

export class AgentSession {
  model: string;
  readonly workingDir: string;
  maxTurns: number;
  /** Compaction of this session: the loop's context, manual compaction, context usage. */
  readonly compaction: CompactionDriver;
  private readonly parts: SessionParts;

  constructor(private readonly init: AgentSessionInit) {
    this.model = init.model;
    this.workingDir = init.workingDir;
    this.maxTurns = init.maxTurns;
    this.parts = assembleSession(init, () => this.model);
    this.compaction = this.parts.compaction;
  }

  /** Mode and rules of this session (undefined when it runs without checks). */
  get permissions(): Permissions | undefined {
    return this.init.permissions;
  }

  /** The session id, or undefined while no file exists yet (a new session before its first message). */
  get id(): string | undefined {
    return this.parts.id();
  }

  getMessages(): Message[] {
    return this.parts.record.data.messages.slice();
  }

  getData(): SessionData {
    return this.parts.record.data;
  }

  /** The system prompt sent with every request (base prompt, context files and skills). */
  get systemPrompt(): string {
    return this.init.systemPrompt;
  }

  /** Shows a notice to the user: in the running stream, else through onNotice, else with the next stream. */
  addNotice(level: AgentNotice["level"], text: string): void {
    this.parts.outlet.notice(level, text);
  }

  /** Fires session_start for the extensions and SessionStart hooks (the opener calls it once ready). */
  async started(
    source: "startup" | "resume" | "clear" = this.init.data ? "resume" : "startup",
  ): Promise<void> {
    await this.parts.commandHooks?.sessionStart(source);
    await this.parts.fire({
      type: "session_start",
      sessionId: this.id,
      workingDir: this.workingDir,
      model: this.model,
    });
  }

  /** Creates the session file now (the SDK does this unless `save: false`). */
  async ensureSaved(): Promise<void> {
    await this.parts.ensureSaved();
  }

  /** Starts a new, empty session; the old file is kept. Its file is created with the first message. */
  async clearMessages(): Promise<void> {
    this.parts.activity.assertIdle();
    await this.parts.fire({ type: "session_end", sessionId: this.id });
    await this.parts.commandHooks?.sessionEnd("clear");
    await this.parts.record.restart(this.parts.draft());
    await this.started("clear");
  }

  async setModel(model: string): Promise<void> {
    this.parts.activity.assertIdle();
    const provider = await this.parts.providerFor(model); // fails early (ConfigError) on a missing key
    this.model = model;
    this.parts.record.data.model = model;
    this.parts.record.data.provider = provider.name;
    await this.parts.record.saveHeader();
  }

  async setMetadata(metadata: { name?: string; tags?: string[] }): Promise<void> {
    const { record } = this.parts;
    if (metadata.name !== undefined) record.data.metadata.name = metadata.name;
    if (metadata.tags !== undefined) record.data.metadata.tags = metadata.tags;
    await record.saveHeader();
  }

  /** The run's budget and its estimated spend so far (undefined: no budget). */
  get budget(): { limitUsd: number; spentUsd: number } | undefined {
    return this.parts.budget.spend();
  }

  /** Sets or raises the run's budget (interactive `/budget`); it applies from the next request. */
  setBudget(usd: number): void {
    this.parts.budget.set(usd);
  }

  /** The run's spending limit itself, for subagents, whose requests count against it too. */
  get requestBudget(): RequestBudget | undefined {
    return this.parts.budget.current;
  }

  /** Puts an event (a subagent's) into the running stream; dropped when nothing runs. */
  relay(event: AgentEvent): void {
    this.parts.outlet.relay(event);
  }

  /** Sent to models that support it; undefined: the provider's default. */
  get reasoningEffort(): ReasoningEffort | undefined {
    return this.parts.reasoning.effort;
  }

  /** Sets (or with undefined clears) the reasoning effort for the next turns. */
  setReasoningEffort(effort: ReasoningEffort | undefined): void {
    this.parts.reasoning.effort = effort;
  }

  /** The context the next request would send, as tokens and a share of the model's window (estimated). */
  async contextUsage(): Promise<ContextUsage> {
    return this.compaction.usage(this.parts.record.data.provider ?? this.init.providerName);
  }

  /**
   * Summarizes the older messages now (what `/compact` does). Resolves to the recorded compaction;
   * throws CompactionError (session unchanged) when there is nothing to compact or the summary fails.
   */
  async compact(options: CompactOptions = {}): Promise<CompactionRecord> {
    return this.parts.activity.exclusive(async () => {
      const restoreSink = this.parts.outlet.redirect(options.onEvent);
      try {
        const provider = await this.parts.providerFor(this.model);
        return await this.compaction.manual(provider, options.instructions, options.signal);
      } finally {
        restoreSink();
      }
    });
  }

  /** Runs one user message to the end and resolves to the final assistant text. */
  async prompt(text: string | UserInput, options: RunOptions = {}): Promise<string> {
    return finalText(this.stream(text, options), options.signal, this.init.onNotice);
  }

  /** Runs one user message, yielding every event. Leaving the iteration early aborts the run. */
  async *stream(text: string | UserInput, options: RunOptions = {}): AsyncGenerator<AgentEvent> {
    yield* runTurn(this.parts, text, options, this.maxTurns);
  }

  /**
   * A new session with the first `at` messages of this one (default all) and
   * `metadata.forked_from`; this session and its file are left as they are. Throws UsageError when
   * `at` would separate a tool call from its result (the message names the nearest valid `at`).
   */
  async fork(options: { at?: number; name?: string } = {}): Promise<AgentSession> {
    this.parts.activity.assertIdle();
    const plan = planFork(this.parts.record.data, this.id, options);
    const child = new AgentSession({
      ...this.init,
      data: undefined,
      releaseLock: undefined,
      notices: [],
      metadata: plan.metadata,
    });
    const childRecord = child.parts.record;
    child.model = this.model;
    childRecord.data.model = this.model;
    childRecord.data.messages = plan.messages;
    if (this.init.store && this.parts.record.created) {
      await childRecord.create();
      await this.init.store.saveSession(childRecord.data);
    }
    return child;
  }

  /** The session's checkpoints, oldest first (see docs/checkpoints.md). */
  checkpoints(): CheckpointRecord[] {
    return this.parts.checkpoints.list();
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
    this.parts.activity.assertIdle();
    await this.parts.checkpoints.snapshot("tool", what);
  }

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

  /** Releases the session lock. The session object cannot run prompts afterwards. */
  async close(reason = "other"): Promise<void> {
    if (!this.parts.activity.close()) return;
    const stopped = await this.stopBackgroundShells();
    if (stopped) this.parts.outlet.notice("warning", stopped);
    await this.parts.checkpoints.close();
    await this.parts.fire({ type: "session_end", sessionId: this.id });
    await this.parts.commandHooks?.sessionEnd(reason);
    await this.parts.record.unlock();
    await this.init.onClose?.();
  }

  /** A permission prompt is about to wait for the user: Notification hooks hear of it. */
  approvalWaiting(label: string): void {
    this.parts.commandHooks?.notify(`agenix needs your permission to use ${label}`);
  }

  /** The user has not answered for a while (interactive mode): Notification hooks hear of it. */
  inputIdle(): void {
    this.parts.commandHooks?.notify("agenix is waiting for your input", "idle_prompt");
  }

  private async restoreWith(run: Restore): Promise<RestoreOutcome> {
    return this.parts.activity.exclusive(() => this.parts.checkpoints.restore(run));
  }
}

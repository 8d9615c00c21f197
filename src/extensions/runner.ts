// The extension runner: calls each extension's factory with the API, keeps what they registered and
// fires their event handlers. Isolation: a factory that throws is reported once and skipped (nothing
// it registered stays); a handler that throws is reported and disabled; a handler slower than the
// limit (5 s) is abandoned with a notice. No extension can take the session down.
import path from "node:path";
import type { BeforeCompactContext, BeforeCompactResult } from "../agent/compaction/hooks.js";
import type { AgentHooks, LifecycleEvent, ToolCallVerdict, ToolResultPatch } from "../agent/hooks.js";
import type { CompactionRecord, ToolCall } from "../messages/types.js";
import type { Tool } from "../tools/types.js";
import { type Handler, messageOf, type RegisteredCommand, stageExtension } from "./staging.js";
import type { ExtensionEventName, ExtensionEvents } from "./types.js";

export type { RegisteredCommand } from "./staging.js";

export const HANDLER_TIMEOUT_MS = 5000;

export type NoticeSink = (level: "info" | "warning", text: string) => void;

export interface ExtensionInfo {
  path: string;
  tools: string[];
  commands: string[];
  events: ExtensionEventName[];
}

const TIMED_OUT = Symbol("timed out");

export class ExtensionRunner implements AgentHooks {
  readonly tools: Tool[] = [];
  readonly commands = new Map<string, RegisteredCommand>();
  readonly loaded: ExtensionInfo[] = [];
  readonly failed: { path: string; error: string }[] = [];
  private handlers: Handler[] = [];
  private sink: NoticeSink | undefined;
  private queued: [level: "info" | "warning", text: string][] = [];

  constructor(
    private readonly options: {
      workingDir: string;
      /** Names taken by built-in tools (an extension tool may not replace one). */
      reservedToolNames: readonly string[];
      timeoutMs?: number;
    },
  ) {}

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? HANDLER_TIMEOUT_MS;
  }

  /** Where notices go; those raised before a sink exists are delivered on connection. */
  setNoticeSink(sink: NoticeSink): void {
    this.sink = sink;
    for (const [level, text] of this.queued.splice(0)) sink(level, text);
  }

  notice(level: "info" | "warning", text: string): void {
    if (this.sink) this.sink(level, text);
    else this.queued.push([level, text]);
  }

  /** Runs one extension's factory; a failure is reported and leaves no trace of it. */
  async add(file: string, factory: unknown): Promise<boolean> {
    const { api, staged, problems } = stageExtension(file, {
      workingDir: this.options.workingDir,
      takenToolNames: () => [...this.options.reservedToolNames, ...this.tools.map((t) => t.name)],
      notify: (text) => this.notice("info", text),
    });
    try {
      if (typeof factory !== "function") {
        throw new Error("it has no default export function (export default function (api) { ... })");
      }
      const outcome = await this.withTimeout(() => factory(api));
      if (outcome === TIMED_OUT) throw new Error(`it took longer than ${this.timeoutMs / 1000} s to load`);
    } catch (error) {
      this.reportLoadFailure(file, messageOf(error));
      return false;
    }
    for (const problem of problems) this.notice("warning", `Extension ${file}: ${problem}.`);
    for (const tool of staged.tools) this.tools.push(tool);
    for (const command of staged.commands) {
      if (this.commands.has(command.name)) {
        this.notice(
          "warning",
          `Extension ${file}: command /${command.name} is already registered; the first one is kept.`,
        );
      } else this.commands.set(command.name, command);
    }
    this.handlers.push(...staged.handlers);
    this.loaded.push({
      path: file,
      tools: staged.tools.map((t) => t.name),
      commands: staged.commands.map((c) => c.name),
      events: [...new Set(staged.handlers.map((h) => h.event))],
    });
    return true;
  }

  reportLoadFailure(file: string, reason: string): void {
    this.failed.push({ path: file, error: reason });
    this.notice("warning", `Extension ${file} failed to load and is skipped: ${reason}`);
  }

  /** Runs every enabled handler of an event in load order; returns what each returned. */
  private async fireAll(event: { type: ExtensionEventName }): Promise<unknown[]> {
    const results: unknown[] = [];
    for (const handler of this.handlers) {
      if (handler.event !== event.type || handler.disabled) continue;
      results.push(await this.call(handler, event));
    }
    return results;
  }

  private async call(handler: Handler, event: unknown): Promise<unknown> {
    try {
      const result = await this.withTimeout(() => handler.fn(structuredClone(event)));
      if (result !== TIMED_OUT) return result;
      this.notice(
        "warning",
        `Extension ${handler.extension}: its ${handler.event} handler took longer than ${this.timeoutMs / 1000} s and was abandoned; the session goes on.`,
      );
    } catch (error) {
      handler.disabled = true;
      this.notice(
        "warning",
        `Extension ${handler.extension}: its ${handler.event} handler threw (${messageOf(error)}) and is disabled; the session goes on.`,
      );
    }
    return undefined;
  }

  private async withTimeout<T>(work: () => T | Promise<T>): Promise<T | typeof TIMED_OUT> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), this.timeoutMs);
    });
    try {
      return await Promise.race([Promise.resolve().then(work), limit]);
    } finally {
      clearTimeout(timer);
    }
  }

  async emit(event: LifecycleEvent): Promise<void> {
    await this.fireAll(event);
  }

  async toolCall(call: ToolCall): Promise<ToolCallVerdict | undefined> {
    const event = { type: "tool_call" as const, id: call.id, name: call.name, input: call.arguments };
    for (const handler of this.handlers) {
      if (handler.event !== "tool_call" || handler.disabled) continue;
      const result = (await this.call(handler, event)) as { block?: unknown; reason?: unknown } | undefined;
      if (result && typeof result === "object" && result.block === true) {
        const reason = typeof result.reason === "string" && result.reason ? result.reason : "no reason given";
        return { block: true, reason: `${reason} (by extension ${path.basename(handler.extension)})` };
      }
    }
    return undefined;
  }

  async toolResult(call: ToolCall, result: ToolResultPatch): Promise<ToolResultPatch | undefined> {
    let current = result;
    let changed = false;
    for (const handler of this.handlers) {
      if (handler.event !== "tool_result" || handler.disabled) continue;
      const event = { type: "tool_result", id: call.id, name: call.name, input: call.arguments, ...current };
      const patch = (await this.call(handler, event)) as { content?: unknown; isError?: unknown } | undefined;
      if (patch && typeof patch === "object" && typeof patch.content === "string") {
        current = {
          content: patch.content,
          isError: typeof patch.isError === "boolean" ? patch.isError : current.isError,
        };
        changed = true;
      }
    }
    return changed ? current : undefined;
  }

  /** Before a compaction: the before_compact handlers; any may cancel, the first summary given is used. */
  async beforeCompact(context: BeforeCompactContext): Promise<BeforeCompactResult | undefined> {
    const event: ExtensionEvents["before_compact"] = {
      type: "before_compact",
      trigger: context.trigger,
      messages: context.messages,
      tokens: context.tokensBefore,
      instructions: context.instructions,
    };
    const verdict: BeforeCompactResult = {};
    for (const result of await this.fireAll(event)) {
      if (!result || typeof result !== "object") continue;
      const r = result as { cancel?: unknown; summary?: unknown };
      if (r.cancel === true) verdict.cancel = true;
      if (typeof r.summary === "string" && verdict.summary === undefined) verdict.summary = r.summary;
    }
    return verdict.cancel || verdict.summary !== undefined ? verdict : undefined;
  }

  /** After a compaction is recorded: the compact handlers. */
  async onCompact(record: CompactionRecord): Promise<void> {
    const event: ExtensionEvents["compact"] = {
      type: "compact",
      summary: record.summary,
      firstKeptIndex: record.first_kept_index,
      tokensBefore: record.tokens_before,
      tokensAfter: record.tokens_after,
      trigger: record.trigger,
    };
    await this.fireAll(event);
  }

  /** `/name args` for a command an extension registered; undefined when there is none. */
  async runCommand(name: string, args: string): Promise<{ output?: string; error?: string } | undefined> {
    const entry = this.commands.get(name);
    if (!entry) return undefined;
    try {
      const result = await this.withTimeout(() =>
        entry.command.handler(args, {
          workingDir: this.options.workingDir,
          notify: (text) => this.notice("info", `${path.basename(entry.extension)}: ${String(text)}`),
        }),
      );
      if (result === TIMED_OUT)
        return { error: `/${name} took longer than ${this.timeoutMs / 1000} s and was abandoned.` };
      return { output: typeof result === "string" ? result : undefined };
    } catch (error) {
      return { error: `/${name} (extension ${entry.extension}) failed: ${messageOf(error)}` };
    }
  }
}

// CommandHooks: the agent's CommandHookPort over Claude Code-format command hooks. For each event it
// picks the matching hooks (an identical command once), runs them in parallel with the event's JSON
// on stdin, and folds their answers into one outcome (event-answers.ts); a failing hook is a
// non-blocking error reported once per hook and text, never an exception.
import type {
  CommandHookPort,
  ContextOutcome,
  HookOutcome,
  HookReport,
  HookSession,
  PostToolOutcome,
  PreToolOutcome,
  PromptOutcome,
  StopOutcome,
} from "../../agent/command-hooks.js";
import type { ToolCall } from "../../messages/types.js";
import { filterToolEnv } from "../../permissions/env.js";
import type { HookEventName, HookSet, RunnableHook } from "./config.js";
import {
  commonOutcome,
  postToolOutcome,
  preToolOutcome,
  promptOutcome,
  stopOutcome,
} from "./event-answers.js";
import { type HookAnswer, readHookAnswer } from "./output.js";
import { runHookProcess } from "./spawn-hook.js";
import { claudeToolInput, claudeToolName, matchableNames } from "./tool-names.js";

/** Claude Code's names for our permission modes. */
const MODE_NAMES: Record<string, string> = {
  default: "default",
  "accept-edits": "acceptEdits",
  plan: "plan",
  yolo: "bypassPermissions",
};

export interface CommandHooksOptions {
  /** CLAUDE_PROJECT_DIR / AGENIX_PROJECT_DIR, and where hook commands run. */
  projectDir: string;
}

export class CommandHooks implements CommandHookPort {
  /** Errors already shown (hook command + text): each is shown once. */
  private readonly shown = new Set<string>();

  constructor(
    readonly set: HookSet,
    private readonly options: CommandHooksOptions,
  ) {}

  has(event: string): boolean {
    return this.set.runnable.some((h) => h.event === event);
  }

  async preToolUse(call: ToolCall, session: HookSession, signal?: AbortSignal): Promise<PreToolOutcome> {
    const answers = await this.run("PreToolUse", matchableNames(call.name), session, signal, {
      tool_name: claudeToolName(call.name),
      tool_input: claudeToolInput(call.name, call.arguments ?? {}, session.cwd),
      tool_use_id: call.id,
    });
    return this.finish(preToolOutcome(answers, call.name), answers, call.name);
  }

  async postToolUse(
    call: ToolCall,
    result: { content: string; isError: boolean },
    session: HookSession,
    signal?: AbortSignal,
  ): Promise<PostToolOutcome> {
    const answers = await this.run("PostToolUse", matchableNames(call.name), session, signal, {
      tool_name: claudeToolName(call.name),
      tool_input: claudeToolInput(call.name, call.arguments ?? {}, session.cwd),
      tool_response: { output: result.content, is_error: result.isError, success: !result.isError },
      tool_use_id: call.id,
    });
    return this.finish(postToolOutcome(answers), answers, call.name);
  }

  async userPromptSubmit(prompt: string, session: HookSession, signal?: AbortSignal): Promise<PromptOutcome> {
    const answers = await this.run("UserPromptSubmit", undefined, session, signal, { prompt });
    return this.finish(promptOutcome(answers, "UserPromptSubmit"), answers);
  }

  async stop(
    active: boolean,
    lastMessage: string,
    session: HookSession,
    signal?: AbortSignal,
  ): Promise<StopOutcome> {
    const answers = await this.run("Stop", undefined, session, signal, {
      stop_hook_active: active,
      last_assistant_message: lastMessage,
    });
    return this.finish(stopOutcome(answers), answers);
  }

  async sessionStart(
    source: "startup" | "resume" | "clear" | "compact",
    session: HookSession,
  ): Promise<ContextOutcome> {
    const answers = await this.run("SessionStart", [source], session, undefined, {
      source,
      ...(session.model ? { model: session.model } : {}),
    });
    const { blocked: _never, ...outcome } = promptOutcome(answers, "SessionStart");
    return this.finish(outcome, answers);
  }

  async sessionEnd(reason: string, session: HookSession): Promise<HookOutcome> {
    const answers = await this.run("SessionEnd", [reason], session, undefined, { reason });
    return this.finish(commonOutcome(answers, "SessionEnd"), answers);
  }

  async preCompact(trigger: string, instructions: string, session: HookSession): Promise<HookOutcome> {
    const answers = await this.run("PreCompact", [trigger], session, undefined, {
      trigger,
      custom_instructions: instructions,
    });
    return this.finish(commonOutcome(answers, "PreCompact"), answers);
  }

  async notification(message: string, type: string, session: HookSession): Promise<HookOutcome> {
    const answers = await this.run("Notification", [type], session, undefined, {
      message,
      notification_type: type,
    });
    return this.finish(commonOutcome(answers, "Notification"), answers);
  }

  /** The matching hooks of an event, run in parallel; `matchOn` undefined: the event has no matcher. */
  private async run(
    event: HookEventName,
    matchOn: string[] | undefined,
    session: HookSession,
    signal: AbortSignal | undefined,
    fields: Record<string, unknown>,
  ): Promise<HookAnswer[]> {
    const seen = new Set<string>();
    const hooks: RunnableHook[] = [];
    for (const hook of this.set.runnable) {
      if (hook.event !== event || (matchOn && !hook.matches(matchOn)) || seen.has(hook.command)) continue;
      seen.add(hook.command);
      hooks.push(hook);
    }
    if (hooks.length === 0) return [];
    const input = JSON.stringify({
      session_id: session.sessionId,
      transcript_path: session.transcriptPath,
      cwd: session.cwd,
      permission_mode: MODE_NAMES[session.permissionMode] ?? session.permissionMode,
      hook_event_name: event,
      ...fields,
    });
    const env = {
      ...(session.env ?? filterToolEnv(process.env)),
      CLAUDE_PROJECT_DIR: this.options.projectDir,
      AGENIX_PROJECT_DIR: this.options.projectDir,
    };
    return Promise.all(
      hooks.map(async (hook) =>
        readHookAnswer(
          hook,
          await runHookProcess({
            command: hook.command,
            input,
            cwd: this.options.projectDir,
            env,
            timeoutMs: hook.timeout * 1000,
            signal,
          }),
        ),
      ),
    );
  }

  /** Adds the non-blocking errors (each hook and text once) and the systemMessages to the reports. */
  private finish<T extends HookOutcome>(outcome: T, answers: HookAnswer[], tool?: string): T {
    const extra: HookReport[] = [];
    for (const answer of answers) {
      const command = answer.hook.command;
      if (answer.kind === "error" && answer.problem) {
        const key = `${command}\n${answer.problem}`;
        if (this.shown.has(key)) continue;
        this.shown.add(key);
        extra.push({ event: answer.hook.event, outcome: "error", command, tool, text: answer.problem });
      }
      const message = answer.json?.systemMessage;
      if (typeof message === "string" && message !== "") {
        extra.push({ event: answer.hook.event, outcome: "message", command, tool, text: message });
      }
    }
    return { ...outcome, reports: [...outcome.reports, ...extra] };
  }
}

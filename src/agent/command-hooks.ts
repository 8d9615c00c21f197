// Command hooks (Claude Code's format, src/extensions/hooks/) as the loop and AgentSession see them:
// plain questions and plain answers. Running processes, matchers and tool-name mapping live on the
// other side of this seam; every method resolves (never rejects) within the hooks' own timeouts.
import type { ToolCall } from "../messages/types.js";

/** What the user (and stream-json) is told about one hook outcome. */
export interface HookReport {
  /** The Claude Code event name: PreToolUse, Stop, ... */
  event: string;
  /** blocked, denied, allowed, ask, rewrote, context, stopped, continued, error, message. */
  outcome: string;
  /** The hook's command as configured. */
  command?: string;
  /** The tool the hook was about (PreToolUse, PostToolUse). */
  tool?: string;
  /** The reason, systemMessage or error text (unsanitised: renderers sanitise). */
  text?: string;
}

export interface HookOutcome {
  reports: HookReport[];
  /** A hook answered `continue: false`: end the turn, with this reason for the user. */
  stopTurn?: string;
}

export interface PreToolOutcome extends HookOutcome {
  /** deny: the call is refused with `reason`; allow: no prompt (deny rules still hold); ask: always prompt. */
  decision?: "allow" | "deny" | "ask";
  reason?: string;
  /** Replacement arguments (already in the tool's own argument names); the tool validates them again. */
  updatedInput?: Record<string, unknown>;
  /** additionalContext for the model, sent with the call's result whatever the decision. */
  context?: string;
}

export interface PostToolOutcome extends HookOutcome {
  /** Text for the model, appended to the tool's result (a block reason, additionalContext). */
  feedback?: string;
}

export interface PromptOutcome extends HookOutcome {
  /** The prompt is blocked: it is not sent or saved; this is shown to the user. */
  blocked?: string;
  /** Context to send with the prompt. */
  context: string[];
}

export interface StopOutcome extends HookOutcome {
  /** A Stop hook said block: the agent goes on with this as a user message. */
  continueWith?: string;
}

/** Context for the session's first request (SessionStart). */
export interface ContextOutcome extends HookOutcome {
  context: string[];
}

/** How the session runs now: what every hook's input carries besides the event's own fields. */
export interface HookSession {
  sessionId: string;
  transcriptPath: string;
  cwd: string;
  permissionMode: string;
  /** The session's model now (SessionStart's `model`, as Claude Code sends it). */
  model?: string;
  /** Environment for hook processes (the tool environment: credentials removed). */
  env?: Record<string, string>;
}

export interface CommandHookPort {
  /** Whether any hook is configured for the event (so the caller can skip the work around it). */
  has(event: string): boolean;
  preToolUse(call: ToolCall, session: HookSession, signal?: AbortSignal): Promise<PreToolOutcome>;
  postToolUse(
    call: ToolCall,
    result: { content: string; isError: boolean },
    session: HookSession,
    signal?: AbortSignal,
  ): Promise<PostToolOutcome>;
  userPromptSubmit(prompt: string, session: HookSession, signal?: AbortSignal): Promise<PromptOutcome>;
  /** `lastMessage`: the text of the answer the agent stopped with (Claude Code's last_assistant_message). */
  stop(
    active: boolean,
    lastMessage: string,
    session: HookSession,
    signal?: AbortSignal,
  ): Promise<StopOutcome>;
  sessionStart(
    source: "startup" | "resume" | "clear" | "compact",
    session: HookSession,
  ): Promise<ContextOutcome>;
  sessionEnd(reason: string, session: HookSession): Promise<HookOutcome>;
  preCompact(trigger: string, instructions: string, session: HookSession): Promise<HookOutcome>;
  notification(message: string, type: string, session: HookSession): Promise<HookOutcome>;
}

/** The hooks the loop calls, bound to the session by AgentSession. */
export interface LoopCommandHooks {
  preToolUse?(call: ToolCall, signal: AbortSignal): Promise<PreToolOutcome>;
  postToolUse?(
    call: ToolCall,
    result: { content: string; isError: boolean },
    signal: AbortSignal,
  ): Promise<PostToolOutcome>;
  stop?(active: boolean, lastMessage: string, signal: AbortSignal): Promise<StopOutcome>;
}

/** A line for the user about a hook outcome, or undefined when it needs none (allow, context...). */
export function describeHookReport(report: HookReport): string | undefined {
  const who = `${report.event} hook${report.command ? ` (${shorten(report.command)})` : ""}`;
  const about = report.tool ? ` ${report.tool}` : "";
  const text = report.text ?? "";
  switch (report.outcome) {
    case "error":
      return `Warning: ${who} ${text}; going on.`;
    case "message":
      return `${who}: ${text}`;
    case "blocked":
      return `${who} blocked${about}: ${text}`;
    case "denied":
      return `${who} denied${about}${text ? `: ${text}` : ""}`;
    case "stopped":
      return `${who} ended the turn: ${text}`;
    case "continued":
      return `${who} asked the agent to go on: ${text}`;
    case "rewrote":
      // The call line shows what the model asked for; say what runs instead.
      return `${who} changed the arguments of${about}${text ? ` to ${shorten(text, 200)}` : ""}`;
    default:
      return undefined;
  }
}

function shorten(command: string, max = 60): string {
  const line = command.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 3)}...` : line;
}

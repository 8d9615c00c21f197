// The permission check as the loop sees it: an injected function that answers, for each tool call,
// whether it may run. The loop knows nothing of modes, rules or how a user is asked (that is
// src/permissions/, wired in run/build-session.ts); it only turns a "deny" into the call's error result.
import type { ToolCall } from "../messages/types.js";

export interface ToolDenial {
  tool: string;
  input: Record<string, unknown>;
  /** The rule that refused it (`bash(rm *)`), or null when nothing allowed it (an unanswered ask). */
  rule: string | null;
  /** Where that rule came from ("flag", "user settings", ...). */
  ruleSource?: string;
  /** Why, in a few words. */
  reason: string;
  /** Rules that would allow it (`bash(curl *)`), possibly none. */
  allowWith: string[];
  /** A permission mode that would allow it. */
  modeHint?: string;
  /** Refused because the session is in plan mode (interactive mode points to Shift+Tab). */
  planMode?: boolean;
  /** The user said no (interactive), rather than a rule or mode. */
  byUser?: boolean;
  /** What the user typed with their no, if anything. */
  userReason?: string;
}

export type ToolVerdict = { behavior: "allow" } | { behavior: "deny"; message: string; denial: ToolDenial };

/**
 * What a PreToolUse hook said about the call: `allow` skips the prompt (deny rules still hold),
 * `ask` asks even where the rules would allow.
 */
export interface PermissionHint {
  decision: "allow" | "ask";
  /** The hook's permissionDecisionReason (shown in the question for `ask`). */
  reason?: string;
}

/** Called before every tool call runs (after its `tool_call` event). While it waits, nothing runs. */
export type AuthorizeTool = (
  call: ToolCall,
  signal: AbortSignal,
  hint?: PermissionHint,
) => Promise<ToolVerdict>;

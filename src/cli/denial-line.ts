// The one line a refused tool call gets on stderr (print mode) and in the transcript (interactive):
// `Denied: bash(curl -s example.com) (allow with --allow 'bash(curl *)' or --permission-mode yolo)`.
import type { ToolDenial } from "../agent/authorize.js";
import { allowHint, callLabel } from "../permissions/describe.js";
import { shellQuote } from "../permissions/rules.js";
import { sanitizeForTerminal } from "./sanitize.js";

/**
 * `interactive`: the transcript of interactive mode, where a mode is changed with Shift+Tab
 * (default, accept-edits, plan) or /permissions (yolo), not with a flag.
 */
export function denialLine(denial: ToolDenial, options: { interactive?: boolean } = {}): string {
  const label = sanitizeForTerminal(callLabel(denial.tool, denial.input, 120));
  if (denial.byUser)
    return `Denied: ${label} (you said no${denial.userReason ? `: ${sanitizeForTerminal(denial.userReason)}` : ""})`;
  if (denial.rule)
    return `Denied: ${label} (by the deny rule ${denial.rule} from ${denial.ruleSource ?? "settings"})`;
  if (options.interactive && denial.modeHint) {
    const how =
      denial.modeHint === "yolo" ? "/permissions yolo" : `Shift+Tab to switch to ${denial.modeHint} mode`;
    return `Denied: ${label} (${sanitizeForTerminal(denial.reason)}; ${how})`;
  }
  if (options.interactive && denial.planMode)
    return `Denied: ${label} (${sanitizeForTerminal(denial.reason)}; Shift+Tab to leave plan mode)`;
  const hint = allowHint(denial.allowWith, denial.modeHint, shellQuote);
  const reason = sanitizeForTerminal(denial.reason);
  return hint ? `Denied: ${label} (allow with ${hint})` : `Denied: ${label} (${reason})`;
}

/** The `denied` entries of print mode's --json output. */
export function deniedJson(denial: ToolDenial): Record<string, unknown> {
  return {
    tool: denial.tool,
    input: denial.input,
    rule: denial.rule,
    reason: denial.reason,
    allow_with: denial.allowWith,
  };
}

/**
 * The denial line for a saved tool result that is a refusal (denialMessage's text in
 * permissions/describe.ts), for a replayed session; undefined for any other result.
 */
export function replayedDenialLine(content: string): string | undefined {
  const first = content.split("\n", 1)[0] ?? "";
  const match = /^Permission denied: (.*) was not run\. (.*)$/.exec(first);
  if (!match) return undefined;
  const label = sanitizeForTerminal(match[1] ?? "");
  const why = match[2] ?? "";
  const user = /^The user declined it\.(?: The user said: (.*))?$/.exec(why);
  if (user) return `Denied: ${label} (you said no${user[1] ? `: ${sanitizeForTerminal(user[1])}` : ""})`;
  const reason =
    /^It is not allowed: (.*)\.$/.exec(why)?.[1] ??
    /^It needs the user's approval \((.*)\), and this session cannot ask/.exec(why)?.[1] ??
    why;
  return `Denied: ${label} (${sanitizeForTerminal(reason)})`;
}

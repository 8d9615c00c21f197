// The one line a refused tool call gets on stderr (print mode) and in the transcript (interactive):
// `Denied: bash(curl -s example.com) (allow with --allow 'bash(curl *)' or --permission-mode yolo)`.
import type { ToolDenial } from "../agent/authorize.js";
import { allowHint, callLabel } from "../permissions/describe.js";
import { shellQuote } from "../permissions/rules.js";
import { sanitizeForTerminal } from "./sanitize.js";

export function denialLine(denial: ToolDenial): string {
  const label = sanitizeForTerminal(callLabel(denial.tool, denial.input, 120));
  if (denial.byUser)
    return `Denied: ${label} (you said no${denial.userReason ? `: ${sanitizeForTerminal(denial.userReason)}` : ""})`;
  if (denial.rule)
    return `Denied: ${label} (by the deny rule ${denial.rule} from ${denial.ruleSource ?? "settings"})`;
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

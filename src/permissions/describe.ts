// How a tool call and a denial are put into words: for the model (the tool result), for stderr in
// print mode, and for the approval box.
import { builtinPermission } from "./builtin-tools.js";
import { mainArgument, type PermissionLookup } from "./tool-permission.js";
import type { Decision } from "./types.js";

/** `bash(curl -s example.com)`, `edit(src/a.ts)`: the call as a rule-like label. */
export function callLabel(
  tool: string,
  input: Record<string, unknown>,
  max = 200,
  permissionOf: PermissionLookup = builtinPermission,
): string {
  const value = mainArgument(permissionOf(tool), input) ?? JSON.stringify(input);
  const flat = value.replace(/\s+/g, " ").trim();
  return `${tool}(${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat})`;
}

/** `--allow 'bash(curl *)' or --permission-mode yolo`, or undefined when nothing would allow it. */
export function allowHint(
  allowWith: readonly string[],
  modeHint: string | undefined,
  quote: (s: string) => string,
): string | undefined {
  const parts: string[] = [];
  if (allowWith.length > 0) parts.push(allowWith.map((rule) => `--allow ${quote(rule)}`).join(" "));
  if (modeHint) parts.push(`--permission-mode ${modeHint}`);
  return parts.length > 0 ? parts.join(" or ") : undefined;
}

/**
 * The tool result the model gets for a refused call. Its first line's shape is read back by
 * replayedDenialLine() (cli/denial-line.ts) to show a replayed refusal as refused: keep them in step.
 */
export function denialMessage(
  label: string,
  decision: Pick<Decision, "reason">,
  how: "rule" | "no-one-to-ask" | "user",
  userReason?: string,
): string {
  const why =
    how === "user"
      ? "The user declined it."
      : how === "no-one-to-ask"
        ? `It needs the user's approval (${decision.reason}), and this session cannot ask (print mode or SDK), so it was refused.`
        : `It is not allowed: ${decision.reason}.`;
  const said = userReason ? ` The user said: ${userReason}` : "";
  return (
    `Permission denied: ${label} was not run. ${why}${said}\n` +
    "This is the user's decision: do not try to work around it (no other tool, command, path or encoding to the same effect). " +
    "Continue without it, or tell the user what you wanted to do and why."
  );
}

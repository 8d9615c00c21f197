// `!command`: the user runs a shell command themselves (like Claude Code's bash mode). It runs
// through the bash tool (same shell, timeout, output limits and process-group kill) after
// `checkUserCommand`, the one place the permission rules are asked; its output is shown at once and
// attached to the next message, so the model sees what the user saw.
import { ATTACHMENT_MARKER, type Attachment, type UserInput } from "../../messages/types.js";
import type { CommandSandbox } from "../../tools/shell-handle.js";

export type UserCommandVerdict = { allowed: true } | { allowed: false; reason: string };

/** A permission decision as the rules engine gives it (Permissions.decide in src/permissions). */
export type DecideCall = (
  tool: string,
  input: Record<string, unknown>,
) => Promise<{ behavior: "allow" | "deny" | "ask"; reason: string; rule?: { kind: string; text: string } }>;

/**
 * The permission check for a command the user typed. It is the user's own action: a deny rule
 * (settings, --deny, the built-in protections) denies it here too, but nothing is asked (asking the
 * user whether the user may run what the user typed is noise) and the mode does not apply (plan mode
 * holds the model back, not the user). With no rules engine wired in, every command is allowed.
 */
export async function checkUserCommand(command: string, decide?: DecideCall): Promise<UserCommandVerdict> {
  if (!decide) return { allowed: true };
  const decision = await decide("bash", { command });
  return decision.behavior === "deny" && decision.rule?.kind === "deny"
    ? { allowed: false, reason: decision.reason }
    : { allowed: true };
}

export interface UserCommandResult {
  command: string;
  output: string;
  isError: boolean;
  summary: string;
}

/**
 * Runs the command in the session's working directory, checked by `decide` (the session's permission
 * rules: `session.permissions.decide`); never throws (a failure is the result).
 */
export async function runUserCommand(
  command: string,
  workingDir: string,
  signal: AbortSignal,
  decide?: DecideCall,
  /** The session's sandbox: the user's command runs where the model's would (absent: unsandboxed). */
  sandbox?: CommandSandbox,
): Promise<UserCommandResult> {
  const verdict = await checkUserCommand(command, decide);
  if (!verdict.allowed)
    return { command, output: `Not run: ${verdict.reason}`, isError: true, summary: "denied" };
  const { bashTool } = await import("../../tools/bash.js");
  const result = await bashTool.run({ command }, { workingDir, signal, sandbox });
  return { command, output: result.content, isError: result.isError, summary: result.summary };
}

/** Attaches the output of commands the user ran to the message being sent. */
export function withCommandOutput(
  input: string | UserInput,
  ran: readonly UserCommandResult[],
): string | UserInput {
  if (ran.length === 0) return input;
  const blocks = ran
    .map(
      (r) =>
        `${ATTACHMENT_MARKER}command command=${JSON.stringify(r.command)}${r.isError ? ` status=${JSON.stringify(r.summary)}` : ""}>\nThe user ran this command themselves; its output:\n${r.output}\n</attached-command>`,
    )
    .join("");
  const attachments: Attachment[] = ran.map((r) => ({ type: "command", command: r.command }));
  if (typeof input === "string") return { content: input + blocks, attachments };
  const content =
    typeof input.content === "string"
      ? input.content + blocks
      : input.content.map((b, i) => (i === 0 && b.type === "text" ? { ...b, text: b.text + blocks } : b));
  return { content, attachments: [...attachments, ...(input.attachments ?? [])] };
}

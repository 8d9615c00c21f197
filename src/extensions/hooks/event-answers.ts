// Folding the answers of one event's hooks (run in parallel) into one outcome, per Claude Code's
// contract: for PreToolUse deny wins over ask, ask over allow; block reasons and contexts are
// joined in configuration order; `continue: false` from any hook ends the turn.
import type {
  HookOutcome,
  HookReport,
  PostToolOutcome,
  PreToolOutcome,
  PromptOutcome,
  StopOutcome,
} from "../../agent/command-hooks.js";
import { type HookAnswer, recordField, specificOutput, stringField } from "./output.js";
import { ourToolInput } from "./tool-names.js";

function report(answer: HookAnswer, outcome: string, text?: string, tool?: string): HookReport {
  return {
    event: answer.hook.event,
    outcome,
    command: answer.hook.command,
    ...(tool ? { tool } : {}),
    ...(text ? { text } : {}),
  };
}

/** What every event shares: `continue: false` + `stopReason`, and exit 2 where nothing can be blocked. */
export function commonOutcome(answers: HookAnswer[], event: string, tool?: string): HookOutcome {
  const outcome: HookOutcome = { reports: [] };
  for (const answer of answers) {
    if (answer.json?.continue === false) {
      const reason = stringField(answer.json, "stopReason") || `a ${event} hook stopped the turn`;
      outcome.stopTurn ??= reason;
      outcome.reports.push(report(answer, "stopped", reason, tool));
    }
    const canBlock = ["PreToolUse", "PostToolUse", "UserPromptSubmit", "Stop"].includes(event);
    if (answer.kind === "block" && !canBlock && answer.stderr) {
      outcome.reports.push(report(answer, "message", answer.stderr, tool));
    }
  }
  return outcome;
}

export function preToolOutcome(answers: HookAnswer[], tool: string): PreToolOutcome {
  const outcome: PreToolOutcome = commonOutcome(answers, "PreToolUse", tool);
  const reasons: Record<"allow" | "deny" | "ask", string[]> = { allow: [], deny: [], ask: [] };
  const contexts: string[] = [];
  for (const answer of answers) {
    if (answer.kind === "block") {
      const reason = answer.stderr || "a PreToolUse hook blocked this call";
      reasons.deny.push(reason);
      outcome.reports.push(report(answer, "blocked", reason, tool));
      continue;
    }
    if (answer.kind !== "success" || !answer.json) continue;
    const specific = specificOutput(answer);
    const legacy = stringField(answer.json, "decision");
    const decision =
      stringField(specific, "permissionDecision") ??
      (legacy === "approve" ? "allow" : legacy === "block" ? "deny" : undefined);
    const reason =
      stringField(specific, "permissionDecisionReason") ?? stringField(answer.json, "reason") ?? "";
    if (decision === "allow" || decision === "deny" || decision === "ask") {
      reasons[decision].push(reason);
      const word = decision === "allow" ? "allowed" : decision === "deny" ? "denied" : "ask";
      outcome.reports.push(report(answer, word, reason, tool));
    }
    const context = stringField(specific, "additionalContext");
    if (context) {
      contexts.push(context);
      outcome.reports.push(report(answer, "context", context, tool));
    }
    const updated = recordField(specific, "updatedInput");
    if (updated) {
      outcome.updatedInput = ourToolInput(tool, updated);
      outcome.reports.push(report(answer, "rewrote", JSON.stringify(updated), tool));
    }
  }
  for (const decision of ["deny", "ask", "allow"] as const) {
    if (reasons[decision].length === 0) continue;
    outcome.decision = decision;
    outcome.reason = reasons[decision].filter(Boolean).join("\n");
    break;
  }
  if (contexts.length > 0) outcome.context = contexts.join("\n");
  return outcome;
}

export function postToolOutcome(answers: HookAnswer[], tool?: string): PostToolOutcome {
  const outcome: PostToolOutcome = commonOutcome(answers, "PostToolUse", tool);
  const feedback: string[] = [];
  for (const answer of answers) {
    if (answer.kind === "block") {
      const reason = answer.stderr || "a PostToolUse hook reported a problem";
      feedback.push(reason);
      outcome.reports.push(report(answer, "blocked", reason, tool));
      continue;
    }
    if (answer.kind !== "success" || !answer.json) continue;
    if (answer.json.decision === "block") {
      const reason = stringField(answer.json, "reason") || "a PostToolUse hook reported a problem";
      feedback.push(reason);
      outcome.reports.push(report(answer, "blocked", reason, tool));
    }
    const context = stringField(specificOutput(answer), "additionalContext");
    if (context) {
      feedback.push(context);
      outcome.reports.push(report(answer, "context", context, tool));
    }
  }
  if (feedback.length > 0) outcome.feedback = feedback.join("\n");
  return outcome;
}

/** UserPromptSubmit (may block) and SessionStart (context only): plain stdout is context too. */
export function promptOutcome(answers: HookAnswer[], event: string): PromptOutcome {
  const outcome: PromptOutcome = { ...commonOutcome(answers, event), context: [] };
  const blocked: string[] = [];
  for (const answer of answers) {
    if (answer.kind === "block" && event === "UserPromptSubmit") {
      const reason = answer.stderr || "a UserPromptSubmit hook blocked this prompt";
      blocked.push(reason);
      outcome.reports.push(report(answer, "blocked", reason));
      continue;
    }
    if (answer.kind !== "success") continue;
    if (answer.json?.decision === "block" && event === "UserPromptSubmit") {
      const reason = stringField(answer.json, "reason") || "a UserPromptSubmit hook blocked this prompt";
      blocked.push(reason);
      outcome.reports.push(report(answer, "blocked", reason));
      continue;
    }
    const context = answer.json ? stringField(specificOutput(answer), "additionalContext") : answer.text;
    if (context) {
      outcome.context.push(context);
      outcome.reports.push(report(answer, "context", context));
    }
  }
  if (blocked.length > 0) outcome.blocked = blocked.join("\n");
  return outcome;
}

export function stopOutcome(answers: HookAnswer[]): StopOutcome {
  const outcome: StopOutcome = commonOutcome(answers, "Stop");
  const reasons: string[] = [];
  for (const answer of answers) {
    const blocks =
      answer.kind === "block" || (answer.kind === "success" && answer.json?.decision === "block");
    if (!blocks) continue;
    const reason =
      (answer.kind === "block" ? answer.stderr : stringField(answer.json, "reason")) ||
      "a Stop hook asked to go on";
    reasons.push(reason);
    outcome.reports.push(report(answer, "continued", reason));
  }
  if (reasons.length > 0) outcome.continueWith = reasons.join("\n");
  return outcome;
}

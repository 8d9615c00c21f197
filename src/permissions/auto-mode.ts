// The `auto` column of the decision table, and escalation out of the sandbox. Kept beside
// decide.ts so the table itself stays one function of (mode, rules, call):
// - auto, a command (bash) in the sandbox: runs without asking; deny and ask rules, sudo and the
//   parsed command's rule checks still apply (the table in yolo mode is exactly that).
// - auto, a write (write/edit): as accept-edits (inside the working directory runs, outside asks,
//   and files that become code -- .git/, .agenix/, .claude/ -- ask); with a read-only sandbox, as
//   default (the user chose a sandbox that changes nothing).
// - auto, anything else: as default.
// - a command declared to run outside the sandbox (bash with "sandbox": false) while a sandbox is
//   active (any mode but yolo): always asks, unless an allow rule matches; print mode therefore
//   refuses it.
import type { ToolPermission } from "./tool-permission.js";
import type { Decision, PathContext, PermissionPolicy, PermissionRequest } from "./types.js";

export interface SandboxFacts {
  /** Bash commands of this session run in an OS sandbox (src/sandbox/). */
  sandboxed?: boolean;
  /** The sandbox keeps the working directory read-only: then write/edit ask in auto too. */
  sandboxReadOnly?: boolean;
}

type Table = (request: PermissionRequest, policy: PermissionPolicy) => Decision;

/** Whether the auto column or the escalation rule decides this call (else the plain table does). */
export function autoApplies(
  request: PermissionRequest,
  permission: ToolPermission | undefined,
  policy: PermissionPolicy,
  ctx: SandboxFacts,
): boolean {
  if (policy.mode === "auto") return true;
  return leavesSandbox(request, permission) && ctx.sandboxed === true && policy.mode !== "yolo";
}

function leavesSandbox(request: PermissionRequest, permission: ToolPermission | undefined): boolean {
  return permission?.kind === "command" && permission.outsideSandbox?.(request.input) === true;
}

export function decideAuto(
  request: PermissionRequest,
  permission: ToolPermission | undefined,
  policy: PermissionPolicy,
  ctx: PathContext & SandboxFacts,
  table: Table,
): Decision {
  if (permission?.kind === "command") {
    if (leavesSandbox(request, permission) && ctx.sandboxed) return escalation(request, policy, table);
    if (!ctx.sandboxed) return table(request, { ...policy, mode: "default" });
    const decision = table(request, { ...policy, mode: "yolo" });
    if (decision.behavior === "allow" && !decision.rule)
      return { ...decision, reason: "auto mode: it runs in the sandbox" };
    return decision;
  }
  if (permission?.kind === "write")
    return table(request, { ...policy, mode: ctx.sandboxReadOnly ? "default" : "accept-edits" });
  return table(request, { ...policy, mode: "default" });
}

function escalation(request: PermissionRequest, policy: PermissionPolicy, table: Table): Decision {
  const decision = table(request, { ...policy, mode: policy.mode === "auto" ? "default" : policy.mode });
  if (decision.behavior === "deny" || (decision.behavior === "allow" && decision.rule)) return decision;
  if (decision.behavior === "ask" && decision.rule) return decision;
  return {
    behavior: "ask",
    reason: `it runs OUTSIDE the sandbox ("sandbox": false): no limits on files or network${decision.behavior === "ask" ? `; ${decision.reason}` : ""}`,
    suggestions: decision.suggestions,
    modeHint: "yolo",
  };
}

// agenix's "ask" as session/request_permission: allow once, allow always (the proposed rule is saved,
// as the interactive box's "remember" does), reject once, reject always (a deny rule is saved).
import type {
  PermissionOption,
  RequestPermissionRequest,
  RequestPermissionResponse,
} from "@agentclientprotocol/sdk";
import type { ApprovalAnswer, ApprovalRequest } from "../permissions/gate.js";
import { parseRule } from "../permissions/rules.js";
import type { PermissionRule } from "../permissions/types.js";
import { toolCallStart } from "./tool-updates.js";

export const PERMISSION_OPTIONS: PermissionOption[] = [
  { optionId: "allow_once", name: "Allow once", kind: "allow_once" },
  { optionId: "allow_always", name: "Allow always", kind: "allow_always" },
  { optionId: "reject_once", name: "Reject", kind: "reject_once" },
  { optionId: "reject_always", name: "Reject always", kind: "reject_always" },
];

export interface PermissionBridge {
  sessionId: string;
  workingDir: string;
  request: (params: RequestPermissionRequest, signal: AbortSignal) => Promise<RequestPermissionResponse>;
  /** Sends a tool_call_update with this status for a call the editor was shown (else nothing). */
  status: (toolCallId: string, status: "pending" | "in_progress") => Promise<void>;
  /** Adds a deny rule to the session and saves it. */
  denyAlways: (rule: PermissionRule) => Promise<void>;
}

export async function askEditor(bridge: PermissionBridge, request: ApprovalRequest): Promise<ApprovalAnswer> {
  const { call, decision } = request;
  // The rules "always" would save: the proposed ones, else the exact call.
  const proposed = decision.suggestions.length > 0 ? decision.suggestions : (decision.exact ?? []);
  const options = PERMISSION_OPTIONS.filter(
    (option) => proposed.length > 0 || (option.kind !== "allow_always" && option.kind !== "reject_always"),
  );
  const start = toolCallStart(call, bridge.workingDir);
  // ACP's `pending` is "awaiting approval": the call goes back to it while the editor asks, and runs
  // (in_progress) only once allowed.
  await bridge.status(call.id, "pending");
  let response: RequestPermissionResponse;
  try {
    response = await bridge.request(
      {
        sessionId: bridge.sessionId,
        toolCall: { ...start, title: `${request.label}: ${decision.reason}` },
        options,
      },
      request.signal,
    );
  } catch (error) {
    if (request.signal.aborted) return { behavior: "deny", reason: "the prompt was cancelled" };
    throw error;
  }
  const outcome = response.outcome;
  if (outcome.outcome === "cancelled") return { behavior: "deny", reason: "the prompt was cancelled" };
  switch (outcome.optionId) {
    case "allow_once":
      await bridge.status(call.id, "in_progress");
      return { behavior: "allow" };
    case "allow_always":
      await bridge.status(call.id, "in_progress");
      return { behavior: "allow", remember: true };
    case "reject_always":
      for (const text of proposed) await bridge.denyAlways(parseRule(text, "deny", "local"));
      return { behavior: "deny" };
    default:
      return { behavior: "deny" };
  }
}

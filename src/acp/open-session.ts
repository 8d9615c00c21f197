// An editor's session as an agenix session: settings for its folder, the run configuration, and
// buildAgentSession with approvals that become `session/request_permission` (see permission.ts).
import type { AgentSession } from "../agent/agent-session.js";
import type { ApprovalAnswer, ApprovalRequest } from "../permissions/gate.js";
import type { PermissionRule } from "../permissions/types.js";
import { buildAgentSession } from "../run/build-session.js";
import { resolveRunConfig } from "../run/config.js";
import { openSessionStore } from "../sessions/open-store.js";
import { recordApproval } from "../settings/approvals.js";
import { loadSettings } from "../settings/load.js";
import { findProjectRoot } from "../settings/paths.js";
import { updateSettingsFile } from "../settings/update.js";

export interface OpenRequest {
  workingDir: string;
  /** Continue this stored session (session/load); undefined: a new one. */
  sessionId?: string;
  ask: (request: ApprovalRequest) => Promise<ApprovalAnswer>;
  log: (text: string) => void;
}

/** "Allow always": the user's own approvals for the project, as the interactive box records them. */
function rememberAllow(rule: PermissionRule, workingDir: string): Promise<void> {
  return recordApproval(findProjectRoot(workingDir), rule.text, { home: process.env.HOME });
}

/** "Reject always": a deny rule in the project's settings.local.json (a deny can only make agenix safer). */
export async function saveDenyRule(rule: PermissionRule, workingDir: string): Promise<void> {
  await updateSettingsFile("local", { cwd: workingDir, home: process.env.HOME }, (data) => {
    const permissions = (data.permissions ?? {}) as Record<string, unknown>;
    const list = Array.isArray(permissions[rule.kind]) ? (permissions[rule.kind] as unknown[]) : [];
    if (!list.includes(rule.text)) list.push(rule.text);
    permissions[rule.kind] = list;
    data.permissions = permissions;
  });
}

export async function openAcpSession(request: OpenRequest): Promise<AgentSession> {
  const env = process.env;
  const { workingDir } = request;
  const loaded = await loadSettings({ cwd: workingDir, env, trust: false });
  const config = resolveRunConfig({
    front: "cli",
    options: {},
    env,
    loaded,
    workingDir,
    sessionId: request.sessionId,
    save: true,
    createNow: true,
  });
  for (const warning of config.permissions.warnings) request.log(warning);
  return buildAgentSession(config, {
    store: await openSessionStore({ store: config.sessionStore }),
    approvals: {
      ask: request.ask,
      remember: (rule) => rememberAllow(rule, workingDir),
    },
    onNotice: (notice) => request.log(notice.text),
  });
}

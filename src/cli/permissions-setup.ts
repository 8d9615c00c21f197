// Where a CLI run's remembered approvals go: the user's own ~/.agenix/approvals.json, keyed by the
// project (a repository cannot forge them; see settings/approvals.ts). (The mode and rules
// themselves are resolved with every other option by src/run/config.ts.)
import type { PermissionRule } from "../permissions/types.js";
import { recordApproval } from "../settings/approvals.js";
import type { Env } from "../settings/choices.js";
import { findProjectRoot } from "../settings/paths.js";

/** Records an allow rule in the user's approvals for the project of `workingDir`. */
export async function rememberRule(rule: PermissionRule, workingDir: string, env: Env): Promise<void> {
  await recordApproval(findProjectRoot(workingDir), rule.text, { home: env.HOME });
}

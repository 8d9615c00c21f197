// Where a CLI run's remembered approvals go: the project's .agenix/settings.local.json. (The mode and
// rules themselves are resolved with every other option by src/run/config.ts.)
import type { PermissionRule } from "../permissions/types.js";
import type { Env } from "../settings/choices.js";
import { updateSettingsFile } from "../settings/update.js";

/** Appends an allow rule to the project's settings.local.json. */
export async function rememberRule(rule: PermissionRule, workingDir: string, env: Env): Promise<void> {
  await updateSettingsFile("local", { cwd: workingDir, home: env.HOME }, (data) => {
    const permissions = (data.permissions ?? {}) as Record<string, unknown>;
    const allow = Array.isArray(permissions.allow) ? (permissions.allow as unknown[]) : [];
    if (!allow.includes(rule.text)) allow.push(rule.text);
    permissions.allow = allow;
    data.permissions = permissions;
  });
}

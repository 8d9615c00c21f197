// Permissions for a CLI run: flags plus the settings files (loaded and trust-gated by
// cli-settings.ts / src/settings/), checked before anything runs, and where remembered approvals go
// (.agenix/settings.local.json).
import type { Env, Settings } from "../config.js";
import { type PermissionConfig, resolvePermissionConfig } from "../permissions/config.js";
import type { PermissionRule } from "../permissions/types.js";
import { updateSettingsFile } from "../settings/update.js";

export interface CliPermissions {
  config: PermissionConfig;
  /** settings shell.env.passThrough (a project's only when trusted). */
  passThrough: string[];
  /** Appends an allow rule to the project's settings.local.json. */
  remember(rule: PermissionRule): Promise<void>;
}

/** Throws PermissionConfigError (exit 2) for an invalid rule or mode in a flag or a settings file. */
export function cliPermissions(settings: Settings, env: Env): CliPermissions {
  const loaded = settings.loaded;
  const config = resolvePermissionConfig(settings.permissionFlags, {
    defaultMode: loaded?.values.permissions?.defaultMode,
    defaultModeSource: loaded?.sources["permissions.defaultMode"]?.where,
    rules: loaded?.permissionRules ?? [],
  });
  return {
    config,
    passThrough: loaded?.values.shell?.env?.passThrough ?? [],
    remember: (rule) => rememberRule(rule, settings.workingDir, env),
  };
}

async function rememberRule(rule: PermissionRule, workingDir: string, env: Env): Promise<void> {
  await updateSettingsFile("local", { cwd: workingDir, home: env.HOME }, (data) => {
    const permissions = (data.permissions ?? {}) as Record<string, unknown>;
    const allow = Array.isArray(permissions.allow) ? (permissions.allow as unknown[]) : [];
    if (!allow.includes(rule.text)) allow.push(rule.text);
    permissions.allow = allow;
    data.permissions = permissions;
  });
}

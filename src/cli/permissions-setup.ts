// Permissions for a CLI run: flags plus the settings files (trust-gated by src/settings/), checked
// before anything runs, and where remembered approvals go (.agenix/settings.local.json).
import type { Env } from "../config.js";
import {
  type PermissionConfig,
  type PermissionFlags,
  resolvePermissionConfig,
} from "../permissions/config.js";
import type { PermissionRule } from "../permissions/types.js";
import { loadSettings } from "../settings/load.js";
import { updateSettingsFile } from "../settings/update.js";

export interface CliPermissions {
  config: PermissionConfig;
  /** settings shell.env.passThrough (project value only when trusted). */
  passThrough: string[];
  /** Appends an allow rule to the project's settings.local.json. */
  remember(rule: PermissionRule): Promise<void>;
}

/** Throws PermissionConfigError (exit 2) for an invalid rule or mode in a flag or a settings file. */
export async function loadCliPermissions(
  flags: PermissionFlags,
  workingDir: string,
  env: Env,
): Promise<CliPermissions> {
  const loaded = await loadSettings({ cwd: workingDir, env });
  const modeSource = loaded.sources["permissions.defaultMode"];
  const config = resolvePermissionConfig(flags, {
    defaultMode: loaded.values.permissions?.defaultMode,
    defaultModeSource: modeSource?.where,
    rules: loaded.permissionRules,
  });
  return {
    config,
    passThrough: loaded.values.shell?.env?.passThrough ?? [],
    remember: (rule) => rememberRule(rule, workingDir, env),
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

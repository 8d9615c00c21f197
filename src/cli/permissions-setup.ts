// Permissions for a CLI run: flags plus the settings files (loaded and trust-gated by
// cli-settings.ts / src/settings/), checked before anything runs, and where remembered approvals go
// (~/.agenix/approvals.json, keyed by project: a repository cannot forge them).
import type { Env, Settings } from "../config.js";
import { type PermissionConfig, resolvePermissionConfig } from "../permissions/config.js";
import type { PermissionRule } from "../permissions/types.js";
import { recordApproval } from "../settings/approvals.js";
import { findProjectRoot } from "../settings/paths.js";

export interface CliPermissions {
  config: PermissionConfig;
  /** settings shell.env.passThrough (a project's only when trusted). */
  passThrough: string[];
  /** Records an allow rule in the user's approvals for this project. */
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
  const projectRoot = loaded?.projectRoot ?? findProjectRoot(settings.workingDir);
  return {
    config,
    passThrough: loaded?.values.shell?.env?.passThrough ?? [],
    remember: (rule) => recordApproval(projectRoot, rule.text, { home: env.HOME }),
  };
}

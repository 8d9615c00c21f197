// The permission configuration of a run: mode and rules from flags, settings files (already
// trust-gated by src/settings/) and SDK options, each rule tagged with where it came from.
// Invalid input fails here, before anything runs: `invalid permission rule "bash(": <why>`.
import { PermissionConfigError } from "../errors.js";
import { BUILTIN_TOOL_NAMES } from "./builtin-tools.js";
import { parsePermissionMode } from "./modes.js";
import { parseRule, parseRules, ruleWarnings } from "./rules.js";
import type { PermissionMode, PermissionRule, RuleKind, RuleSource } from "./types.js";

export interface PermissionFlags {
  permissionMode?: string;
  yolo?: boolean;
  allow?: string[];
  deny?: string[];
  ask?: string[];
}

/** What settings files contribute (see loadSettings(): permissionRules and values). */
export interface SettingsPermissionInput {
  defaultMode?: string;
  /** Where the mode came from, e.g. a file path or AGENIX_PERMISSION_MODE. */
  defaultModeSource?: string;
  rules: { kind: RuleKind; rule: string; scope: "user" | "project" | "local" | "approved"; file: string }[];
}

export interface PermissionConfig {
  mode: PermissionMode;
  /** "flag", "settings (<file>)", "default" ... for /permissions. */
  modeSource: string;
  rules: PermissionRule[];
  /** Rules that can never match (unknown tool). */
  warnings: string[];
}

export function resolvePermissionConfig(
  flags: PermissionFlags,
  settings: SettingsPermissionInput | undefined,
  source: Extract<RuleSource, "flag" | "sdk"> = "flag",
  knownTools: readonly string[] = BUILTIN_TOOL_NAMES,
): PermissionConfig {
  const flagName = source === "flag" ? "--permission-mode" : "permissionMode";
  let mode: PermissionMode = "default";
  let modeSource = "default";
  if (settings?.defaultMode !== undefined) {
    mode = parsePermissionMode(
      settings.defaultMode,
      `permissions.defaultMode in ${settings.defaultModeSource ?? "settings"}`,
    );
    modeSource = settings.defaultModeSource ?? "settings";
  }
  if (flags.permissionMode !== undefined) {
    mode = parsePermissionMode(flags.permissionMode, flagName);
    modeSource = source === "flag" ? "--permission-mode" : "SDK option";
  }
  if (flags.yolo) {
    if (flags.permissionMode !== undefined && mode !== "yolo")
      throw new PermissionConfigError(`--yolo and --permission-mode ${mode} disagree: pass one of them`);
    mode = "yolo";
    modeSource = "--yolo";
  }

  const rules: PermissionRule[] = [
    ...parseRules(flags.deny, "deny", source),
    ...parseRules(flags.ask, "ask", source),
    ...parseRules(flags.allow, "allow", source),
  ];
  for (const entry of settings?.rules ?? []) {
    try {
      rules.push(parseRule(entry.rule, entry.kind, entry.scope));
    } catch (error) {
      throw new PermissionConfigError(
        `${entry.file}: permissions.${entry.kind}: ${(error as Error).message}`,
      );
    }
  }
  return { mode, modeSource, rules, warnings: ruleWarnings(rules, knownTools) };
}

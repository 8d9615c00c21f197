// /permissions: the mode and every rule with where it came from; `/permissions <mode>` switches mode
// (the only way into yolo interactively: Shift+Tab cycles default, accept-edits and plan).
import { isPermissionMode, MODE_SUMMARY } from "../../permissions/modes.js";
import { describeSource } from "../../permissions/rules.js";
import type { Decision, PermissionMode, PermissionRule } from "../../permissions/types.js";
import type { CommandResult } from "./commands.js";

/** What /permissions needs from the session's permission state. */
export interface PermissionView {
  mode: PermissionMode;
  setMode(mode: PermissionMode): void;
  listRules(): readonly PermissionRule[];
  /** The decision alone, nothing asked (`!command` is checked with it). */
  decide?(tool: string, input: Record<string, unknown>): Promise<Decision>;
}

export function permissionsCommand(permissions: PermissionView | undefined, args: string[]): CommandResult {
  if (!permissions) return { output: "This session runs without permission checks.", tone: "warning" };
  const wanted = args[0];
  if (wanted !== undefined) {
    if (!isPermissionMode(wanted))
      return { output: "Usage: /permissions [default|accept-edits|plan|yolo]", tone: "error" };
    permissions.setMode(wanted);
    return { output: `Permission mode: ${wanted} (${MODE_SUMMARY[wanted]})` };
  }
  return { output: formatPermissions(permissions.mode, permissions.listRules()) };
}

const KIND_ORDER = { deny: 0, ask: 1, allow: 2 } as const;

export function formatPermissions(mode: PermissionMode, rules: readonly PermissionRule[]): string {
  const lines = [
    `Permission mode: ${mode} (${MODE_SUMMARY[mode]})`,
    "Shift+Tab cycles default -> accept-edits -> plan; /permissions <mode> picks any mode.",
  ];
  if (rules.length === 0) lines.push("Rules: none");
  else {
    lines.push("Rules (deny, then ask, then allow, then the mode):");
    const sorted = [...rules].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
    const width = Math.max(...sorted.map((r) => r.text.length));
    for (const rule of sorted)
      lines.push(`  ${rule.kind.padEnd(5)}  ${rule.text.padEnd(width)}  ${describeSource(rule.source)}`);
  }
  lines.push(
    "Built in: asks before writing outside the working directory and before reading secrets",
    "  (.env*, ~/.ssh, ~/.aws, ~/.config/gcloud, *.pem, id_*, the sessions folder); sudo always asks.",
  );
  return lines.join("\n");
}

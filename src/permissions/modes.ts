// Permission modes: parsing (flag, setting, environment, SDK) and the Shift+Tab cycle.
import { PermissionConfigError } from "../errors.js";
import { PERMISSION_MODES, type PermissionMode } from "./types.js";

const ALIASES: Record<string, PermissionMode> = {
  acceptedits: "accept-edits",
  accept_edits: "accept-edits",
  acceptEdits: "accept-edits",
  bypassPermissions: "yolo",
};

export function isPermissionMode(value: unknown): value is PermissionMode {
  return typeof value === "string" && (PERMISSION_MODES as readonly string[]).includes(value);
}

/** The mode named by `value`; `where` names its origin in the error (e.g. "--permission-mode"). */
export function parsePermissionMode(value: string, where = "permission mode"): PermissionMode {
  const text = value.trim();
  if (isPermissionMode(text)) return text;
  const alias = ALIASES[text];
  if (alias) return alias;
  throw new PermissionConfigError(
    `invalid ${where} "${value}": expected one of ${PERMISSION_MODES.join(", ")}`,
  );
}

/**
 * Shift+Tab: (auto ->) default -> accept-edits -> plan -> (auto or default). auto is in the cycle
 * only when the session has a sandbox; yolo is left only by choosing a mode.
 */
export function nextMode(mode: PermissionMode, sandboxed = false): PermissionMode {
  if (mode === "auto") return "default";
  if (mode === "default") return "accept-edits";
  if (mode === "accept-edits") return "plan";
  return sandboxed ? "auto" : "default";
}

export const MODE_SUMMARY: Record<PermissionMode, string> = {
  default: "reads and read-only commands run; edits and other commands ask",
  auto: "commands run in the sandbox and edits inside the working directory run; what leaves the sandbox asks",
  "accept-edits": "edits inside the working directory run too; other commands ask",
  plan: "read-only: edits are refused, only read-only commands run",
  yolo: "nothing asks (deny rules still apply)",
};

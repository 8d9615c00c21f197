// The built-in tools as the permission system sees them: their declarations (src/tools/*.ts) are
// what a decision, a rule's spelling and a label fall back to when no session tool list is given.
import { builtinTools, SESSION_TOOL_NAMES } from "../tools/registry.js";
import { type PermissionLookup, type PermissionTool, permissionLookup } from "./tool-permission.js";

export const BUILTIN_TOOLS: readonly PermissionTool[] = builtinTools();

/** The names rules may use without a warning: the built-ins and the tools sessions add (task). */
export const BUILTIN_TOOL_NAMES: readonly string[] = [
  ...BUILTIN_TOOLS.map((tool) => tool.name),
  ...SESSION_TOOL_NAMES,
];

export const builtinPermission: PermissionLookup = permissionLookup(BUILTIN_TOOLS);

// The built-in tools as the permission system sees them: their declarations (src/tools/*.ts) are
// what a decision, a rule's spelling and a label fall back to when no session tool list is given.
import { builtinTools } from "../tools/registry.js";
import { type PermissionLookup, type PermissionTool, permissionLookup } from "./tool-permission.js";

export const BUILTIN_TOOLS: readonly PermissionTool[] = builtinTools();

export const BUILTIN_TOOL_NAMES: readonly string[] = BUILTIN_TOOLS.map((tool) => tool.name);

export const builtinPermission: PermissionLookup = permissionLookup(BUILTIN_TOOLS);

// What a tool call is about, read from its tool's declarations (registry.ts declaredTool), for the
// terminal's one-line label (cli/tool-label.ts) and the editor's tool call (acp/tool-updates.ts):
// its subject, the files it touches, its activity and the change it proposes. A tool that declares
// nothing (MCP, extensions) is shown by its first string argument; no tool is known here by name.
import { mainArgument, type ProposedChange, type ToolInput } from "../permissions/tool-permission.js";
import { declaredTool } from "./registry.js";
import type { ToolActivity } from "./types.js";

/** A call as these functions need it (a ToolCall fits). */
export interface CallShape {
  name: string;
  arguments?: ToolInput;
}

/**
 * The argument that says most about a call: the declared label, command, URL or first path
 * (`showPath` shows a path, e.g. resolved), else the first string argument; undefined: none.
 */
export function callSubject(
  call: CallShape,
  showPath: (path: string) => string = (path) => path,
): string | undefined {
  const args = call.arguments ?? {};
  const permission = declaredTool(call.name)?.permission;
  const files = permission?.label ? [] : callFiles(call);
  const subject = files.length > 0 ? showPath(files[0]!) : mainArgument(permission, args);
  return subject ?? Object.values(args).find((value): value is string => typeof value === "string");
}

/** The files a call reads or changes, as given (not resolved); none for other calls. */
export function callFiles(call: CallShape): string[] {
  const permission = declaredTool(call.name)?.permission;
  if (permission?.kind !== "read" && permission?.kind !== "write") return [];
  return permission.paths(call.arguments ?? {}).filter((file) => file !== "");
}

const ACTIVITY_OF_KIND = {
  read: "read",
  write: "edit",
  command: "execute",
  fetch: "fetch",
  none: "other",
} as const satisfies Record<string, ToolActivity>;

/** What a call of this tool does as the user sees it; undefined for a tool that declares nothing. */
export function toolActivity(name: string): ToolActivity | undefined {
  const tool = declaredTool(name);
  if (!tool) return undefined;
  return tool.activity ?? (tool.permission ? ACTIVITY_OF_KIND[tool.permission.kind] : undefined);
}

/** The change a call proposes to its first file (a replacement, or the whole new text); undefined: none known. */
export function proposedChange(call: CallShape): ProposedChange | undefined {
  const permission = declaredTool(call.name)?.permission;
  return permission?.kind === "write" ? permission.change?.(call.arguments ?? {}) : undefined;
}

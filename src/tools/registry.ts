// The built-in tools, in the order they are offered.
import { bashTool } from "./bash.js";
import { bashOutputTool } from "./bash-output.js";
import { editTool } from "./edit.js";
import { globTool } from "./glob.js";
import { grepTool } from "./grep.js";
import { killShellTool } from "./kill-shell.js";
import { readTool } from "./read.js";
import { TASK_DECLARATION } from "./task.js";
import { todoWriteTool } from "./todo-write.js";
import type { Tool } from "./types.js";
import { type WebFetchLimits, webFetchTool } from "./web-fetch.js";
import { writeTool } from "./write.js";

/** The built-in tools; `webFetch` sets web_fetch's limits (default: WEB_FETCH_DEFAULTS). */
export function builtinTools(options: { webFetch?: WebFetchLimits } = {}): Tool[] {
  return [
    readTool,
    writeTool,
    editTool,
    bashTool,
    grepTool,
    globTool,
    bashOutputTool,
    killShellTool,
    webFetchTool(options.webFetch),
    todoWriteTool,
  ];
}

/** What the tools a session adds to the built-ins when the feature is on declare (rules may name them). */
const SESSION_TOOLS: readonly DeclaredTool[] = [TASK_DECLARATION];

/** Tools a session adds to the built-ins when the feature is on (rules may name them). */
export const SESSION_TOOL_NAMES: readonly string[] = SESSION_TOOLS.map((tool) => tool.name);

/** A tool as its declarations describe it, without running it. */
export type DeclaredTool = Pick<Tool, "name" | "permission" | "activity">;

let declared: Map<string, DeclaredTool> | undefined;

/** The declarations of a built-in or session-added tool by its name; undefined for any other tool (MCP, extensions). */
export function declaredTool(name: string): DeclaredTool | undefined {
  declared ??= new Map([...builtinTools(), ...SESSION_TOOLS].map((tool) => [tool.name, tool]));
  return declared.get(name);
}

export function findTool(tools: readonly Tool[], name: string): Tool | undefined {
  return tools.find((tool) => tool.name === name);
}

// The built-in tools, in the order they are offered.
import { bashTool } from "./bash.js";
import { bashOutputTool } from "./bash-output.js";
import { editTool } from "./edit.js";
import { globTool } from "./glob.js";
import { grepTool } from "./grep.js";
import { killShellTool } from "./kill-shell.js";
import { readTool } from "./read.js";
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

/** Tools a session adds to the built-ins when the feature is on (rules may name them). */
export const SESSION_TOOL_NAMES: readonly string[] = ["task"];

export function findTool(tools: readonly Tool[], name: string): Tool | undefined {
  return tools.find((tool) => tool.name === name);
}

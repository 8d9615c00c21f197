// The built-in tools, in the order they are offered.
import { bashTool } from "./bash.js";
import { bashOutputTool } from "./bash-output.js";
import { editTool } from "./edit.js";
import { globTool } from "./glob.js";
import { grepTool } from "./grep.js";
import { killShellTool } from "./kill-shell.js";
import { readTool } from "./read.js";
import type { Tool } from "./types.js";
import { writeTool } from "./write.js";

export function builtinTools(): Tool[] {
  return [readTool, writeTool, editTool, bashTool, grepTool, globTool, bashOutputTool, killShellTool];
}

/** Tools a session adds to the built-ins when the feature is on (rules may name them). */
export const SESSION_TOOL_NAMES: readonly string[] = ["task"];

export function findTool(tools: readonly Tool[], name: string): Tool | undefined {
  return tools.find((tool) => tool.name === name);
}

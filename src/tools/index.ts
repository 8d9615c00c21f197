// Public surface of the tools module.
export { defineTool, ToolError } from "./define.js";
export { builtinTools, findTool, toolSpecs } from "./registry.js";
export type { Tool, ToolContext, ToolDefinition, ToolOutput } from "./types.js";

// Tools from outside (extensions, MCP servers) built with the same defineTool() as the built-in ones:
// the same argument validation, error results and output truncation (and permission checks).
import { z } from "zod";
import { defineTool } from "../tools/define.js";
import type { Tool, ToolContext, ToolOutput } from "../tools/types.js";
import type { JsonSchema } from "./types.js";

export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === "object" && value !== null && "_zod" in value;
}

/** zod (v4) schemas are used as they are; JSON Schema is checked through zod and sent unchanged. */
export function toolFromSchema(options: {
  name: string;
  description: string;
  parameters: unknown;
  execute(args: Record<string, unknown>, ctx: ToolContext): Promise<ToolOutput>;
}): Tool {
  const { parameters } = options;
  if (isZodSchema(parameters)) {
    return defineTool({ ...options, schema: parameters as z.ZodType<Record<string, unknown>> });
  }
  if (
    typeof parameters === "object" &&
    parameters !== null &&
    typeof (parameters as { safeParse?: unknown }).safeParse === "function"
  ) {
    throw new Error(
      "its parameters are a schema from another zod version: use api.z (agenix's zod) or plain JSON Schema",
    );
  }
  const json = normaliseJsonSchema(parameters);
  let schema: z.ZodType;
  try {
    schema = z.fromJSONSchema(json as never) as z.ZodType;
  } catch {
    // A schema zod cannot follow is still sent to the model; arguments only need to be an object.
    schema = z.record(z.string(), z.unknown());
  }
  const tool = defineTool({ ...options, schema: schema as z.ZodType<Record<string, unknown>> });
  return { ...tool, parameters: json };
}

function normaliseJsonSchema(parameters: unknown): JsonSchema {
  if (parameters === undefined || parameters === null) return { type: "object", properties: {} };
  if (typeof parameters !== "object" || Array.isArray(parameters)) {
    throw new Error("its parameters must be a zod schema or a JSON Schema object");
  }
  const { $schema: _ignored, ...rest } = parameters as JsonSchema;
  if (rest.type === undefined) rest.type = "object";
  if (rest.type !== "object")
    throw new Error(`its parameters must describe an object (got type "${String(rest.type)}")`);
  if (rest.properties === undefined) rest.properties = {};
  return rest;
}

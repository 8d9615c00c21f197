// Builds a Tool from a zod schema and an execute function. Everything every tool needs happens here,
// once: JSON Schema for the provider, argument validation, turning throws into error results,
// output truncation and a default summary. Tools themselves just do their job or throw.
import { z } from "zod";
import { jsonDepth, MAX_ARGUMENT_DEPTH, valueDepth } from "../messages/json-depth.js";
import { countLines, truncateOutput } from "./truncate.js";
import type { Tool, ToolContext, ToolDefinition, ToolOutput } from "./types.js";

/** Thrown by a tool for a failure the model can act on; the message becomes the result as is. */
export class ToolError extends Error {}

/** Every tool call ends: one that is still running after its deadline is stopped (bash sets its own). */
export const DEFAULT_TOOL_DEADLINE_MS = 120_000;
/** After the deadline the tool gets this long to notice its signal before its result is given up. */
const DEADLINE_GRACE_MS = 2_000;

export function defineTool<S extends z.ZodType>(def: ToolDefinition<S>): Tool {
  const parameters = toParameters(def.schema);
  return {
    name: def.name,
    description: def.description,
    parameters,
    ...(def.concurrent ? { concurrent: true } : {}),
    permission: def.permission,
    ...(def.activity ? { activity: def.activity } : {}),
    async run(args: unknown, ctx: ToolContext): Promise<Required<ToolOutput>> {
      if (ctx.signal.aborted) return errorResult(`${def.name} was interrupted before it started.`);
      const parsed = parseArguments(def, args);
      if (!parsed.ok) return errorResult(parsed.message);
      const deadlineMs = def.deadlineMs?.(parsed.value) ?? DEFAULT_TOOL_DEADLINE_MS;
      const deadline = new AbortController();
      const signal = AbortSignal.any([ctx.signal, deadline.signal]);
      let output: ToolOutput | "deadline";
      let giveUp: NodeJS.Timeout | undefined;
      const timer = setTimeout(() => deadline.abort(), deadlineMs);
      try {
        const work = def.execute(parsed.value, { ...ctx, signal });
        // A tool that ignores its signal is abandoned DEADLINE_GRACE_MS after the deadline.
        const abandoned = new Promise<"deadline">((resolve) => {
          deadline.signal.addEventListener("abort", () => {
            giveUp = setTimeout(() => resolve("deadline"), DEADLINE_GRACE_MS);
          });
        });
        output = await Promise.race([work, abandoned]);
      } catch (error) {
        if (deadline.signal.aborted && !ctx.signal.aborted) return deadlineResult(def.name, deadlineMs);
        // An abort surfaces as whatever the interrupted call threw; say what actually happened.
        if (ctx.signal.aborted && !(error instanceof ToolError))
          return errorResult(`${def.name} was interrupted.`);
        return errorResult(describeThrow(def.name, error));
      } finally {
        clearTimeout(timer);
        clearTimeout(giveUp);
      }
      if (output === "deadline" || (deadline.signal.aborted && !ctx.signal.aborted && output.isError)) {
        return deadlineResult(def.name, deadlineMs);
      }
      return finish(output, def.capsOwnOutput === true);
    },
  };
}

function toParameters(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: "input" }) as Record<string, unknown>;
  return tidySchema(rest) as Record<string, unknown>;
}

// Input-mode JSON Schema leaves objects open and spells "any integer" as +-MAX_SAFE_INTEGER bounds.
// Providers (and models) do better with closed objects and no noise.
function tidySchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidySchema);
  if (!isRecord(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "maximum" && value === Number.MAX_SAFE_INTEGER) continue;
    if (key === "minimum" && value === Number.MIN_SAFE_INTEGER) continue;
    out[key] = tidySchema(value);
  }
  if (out.type === "object" && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function parseArguments<S extends z.ZodType>(def: ToolDefinition<S>, args: unknown): Parsed<z.infer<S>> {
  // Providers hand over arguments they could not parse as {_raw: "<text>"} so the model hears about it.
  if (isRecord(args) && typeof args._raw === "string" && Object.keys(args).length === 1) {
    if (jsonDepth(args._raw, MAX_ARGUMENT_DEPTH) > MAX_ARGUMENT_DEPTH) return tooDeep(def.name);
    return {
      ok: false,
      message:
        `The arguments for ${def.name} were not valid JSON: ${preview(args._raw)}\n` +
        "Send the arguments as one JSON object matching the tool's schema.",
    };
  }
  // Arguments built in memory (an SDK caller, an extension) get the same limit before zod walks them.
  if (valueDepth(args, MAX_ARGUMENT_DEPTH) > MAX_ARGUMENT_DEPTH) return tooDeep(def.name);
  const result = def.schema.safeParse(args ?? {});
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    message: `Invalid arguments for ${def.name}:\n${z.prettifyError(result.error)}\nFix the arguments and call ${def.name} again.`,
  };
}

function tooDeep(name: string): Parsed<never> {
  return {
    ok: false,
    message:
      `The arguments for ${name} are nested deeper than ${MAX_ARGUMENT_DEPTH} levels; they were refused and nothing ran. ` +
      "Send a flat JSON object matching the tool's schema.",
  };
}

function finish(output: ToolOutput, capsOwnOutput: boolean): Required<ToolOutput> {
  const content = capsOwnOutput ? output.content : truncateOutput(output.content);
  const lines = countLines(output.content);
  return {
    content,
    isError: output.isError ?? false,
    summary: output.summary ?? `${lines} ${lines === 1 ? "line" : "lines"}`,
  };
}

function deadlineResult(name: string, deadlineMs: number): Required<ToolOutput> {
  return errorResult(
    `${name} did not finish within ${deadlineMs / 1000}s and was stopped. ` +
      "Try a smaller request (a narrower path or pattern, a shorter file range).",
  );
}

function errorResult(message: string): Required<ToolOutput> {
  const content = truncateOutput(message.startsWith("Error:") ? message : `Error: ${message}`);
  return { content, isError: true, summary: firstLine(content) };
}

function describeThrow(toolName: string, error: unknown): string {
  if (error instanceof ToolError) return error.message;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `${toolName} failed: ${error.message}${code && !error.message.includes(code) ? ` (${code})` : ""}`;
  }
  return `${toolName} failed: ${String(error)}`;
}

/** The result line of an error: its first line, joined to the next when it ends at a colon. */
function firstLine(text: string): string {
  const lines = text.split("\n");
  let line = lines[0] ?? "";
  if (line.endsWith(":")) {
    const next = lines.slice(1).find((l) => l.trim() !== "");
    if (next) line = `${line} ${next.trim().replace(/^✖\s*/, "")}`;
  }
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}

function preview(raw: string): string {
  return JSON.stringify(raw.length > 200 ? `${raw.slice(0, 200)}...` : raw);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

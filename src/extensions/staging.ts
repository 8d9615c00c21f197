// The API object one extension's factory receives. What it registers is staged and handed to the
// runner only when the factory succeeds, so a factory that throws leaves nothing behind; bad
// registrations (a clashing tool name, an unknown event) are collected as problems, not thrown.
import path from "node:path";
import { z } from "zod";
import type { Tool } from "../tools/types.js";
import { TOOL_NAME, toolFromSchema } from "./schema-tool.js";
import {
  EXTENSION_EVENTS,
  type ExtensionAPI,
  type ExtensionCommand,
  type ExtensionEventName,
  type ExtensionTool,
} from "./types.js";

export interface Handler {
  extension: string;
  event: ExtensionEventName;
  fn: (event: unknown) => unknown;
  disabled: boolean;
}

export interface RegisteredCommand {
  name: string;
  extension: string;
  command: ExtensionCommand;
}

export interface Staged {
  tools: Tool[];
  commands: RegisteredCommand[];
  handlers: Handler[];
}

export function stageExtension(
  file: string,
  context: {
    workingDir: string;
    /** Built-in tools and those of extensions loaded before. */
    takenToolNames(): string[];
    notify(text: string): void;
  },
): { api: ExtensionAPI; staged: Staged; problems: string[] } {
  const label = path.basename(file);
  const staged: Staged = { tools: [], commands: [], handlers: [] };
  const problems: string[] = [];
  const api: ExtensionAPI = {
    z,
    workingDir: context.workingDir,
    notify: (text) => context.notify(`${label}: ${String(text)}`),
    registerTool: (tool) => {
      try {
        const taken = [...context.takenToolNames(), ...staged.tools.map((t) => t.name)];
        staged.tools.push(makeTool(tool as ExtensionTool, taken));
      } catch (error) {
        problems.push(`tool ${JSON.stringify(String(tool?.name))} not registered: ${messageOf(error)}`);
      }
    },
    registerCommand: (name, command) => {
      const clean = String(name).replace(/^\//, "").toLowerCase();
      if (!/^[a-z0-9][a-z0-9_.-]*$/.test(clean) || typeof command?.handler !== "function") {
        problems.push(
          `command ${JSON.stringify(String(name))} not registered: it needs a simple name and a handler`,
        );
        return;
      }
      staged.commands.push({ name: clean, extension: file, command });
    },
    on: (event, handler) => {
      if (!EXTENSION_EVENTS.includes(event)) {
        problems.push(`unknown event ${JSON.stringify(event)} (known: ${EXTENSION_EVENTS.join(", ")})`);
        return;
      }
      if (typeof handler !== "function") return;
      staged.handlers.push({ extension: file, event, fn: handler as Handler["fn"], disabled: false });
    },
  };
  return { api, staged, problems };
}

/** An extension's tool through the same defineTool() as the built-in ones. */
function makeTool(def: ExtensionTool, taken: readonly string[]): Tool {
  if (!def || typeof def !== "object")
    throw new Error("registerTool needs {name, description, parameters, execute}");
  if (typeof def.name !== "string" || !TOOL_NAME.test(def.name)) {
    throw new Error("the name must be 1-64 letters, digits, _ or -");
  }
  if (taken.includes(def.name)) throw new Error("a tool with this name already exists");
  if (typeof def.execute !== "function") throw new Error("execute is not a function");
  return toolFromSchema({
    name: def.name,
    description: String(def.description ?? ""),
    parameters: def.parameters,
    execute: async (args, ctx) => {
      const result = await def.execute(args, { workingDir: ctx.workingDir, signal: ctx.signal });
      return { content: typeof result === "string" ? result : JSON.stringify(result ?? null) };
    },
  });
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

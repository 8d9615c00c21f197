// The public extension API: `export default function (api: ExtensionAPI) { ... }` in a .ts or .js
// file. Exported from the package (`import type { ExtensionAPI } from "agenix"`).
import type { z } from "zod";
import type { StopReason } from "../agent/events.js";
import type { AssistantMessage, Message } from "../messages/types.js";

/** A JSON Schema object describing a tool's arguments (`{type: "object", properties: {...}}`). */
export type JsonSchema = Record<string, unknown>;

export interface ExtensionToolContext {
  /** The session's working directory. */
  workingDir: string;
  /** Aborted when the user interrupts the run. */
  signal: AbortSignal;
}

export interface ExtensionTool<Args = Record<string, unknown>> {
  /** Letters, digits, `_` and `-` (at most 64); must not clash with a built-in tool. */
  name: string;
  description: string;
  /** A zod schema (e.g. `api.z.object({...})`) or a plain JSON Schema object. */
  parameters: z.ZodType | JsonSchema;
  /** Returns the result text; throw for an error result. Arguments are validated first. */
  execute(args: Args, ctx: ExtensionToolContext): string | Promise<string>;
}

export interface ExtensionCommandContext {
  workingDir: string;
  notify(text: string): void;
}

export interface ExtensionCommand {
  description?: string;
  /** `/name args`: returns text to show, or nothing. */
  handler(args: string, ctx: ExtensionCommandContext): string | undefined | Promise<string | undefined>;
}

/** The events and what each handler receives. */
export interface ExtensionEvents {
  session_start: { type: "session_start"; sessionId?: string; workingDir: string; model: string };
  session_end: { type: "session_end"; sessionId?: string };
  user_input: { type: "user_input"; text: string };
  agent_start: { type: "agent_start"; model: string };
  agent_end: { type: "agent_end"; stopReason: StopReason; finalText: string };
  turn_start: { type: "turn_start"; turn: number };
  turn_end: { type: "turn_end"; turn: number; message: AssistantMessage };
  message_end: { type: "message_end"; message: Message };
  tool_call: { type: "tool_call"; id: string; name: string; input: unknown };
  tool_result: {
    type: "tool_result";
    id: string;
    name: string;
    input: unknown;
    content: string;
    isError: boolean;
  };
  before_compact: {
    type: "before_compact";
    trigger: string;
    messages: readonly Message[];
    tokens?: number;
    instructions?: string;
  };
  compact: {
    type: "compact";
    summary: string;
    firstKeptIndex: number;
    tokensBefore: number;
    tokensAfter: number;
    trigger: string;
  };
}

/** What a handler may return (anything else is ignored). */
export interface ExtensionEventResults {
  tool_call: { block: true; reason: string } | undefined;
  tool_result: { content: string; isError?: boolean } | undefined;
  before_compact: { cancel?: boolean; summary?: string } | undefined;
}

export type ExtensionEventName = keyof ExtensionEvents;

export type ExtensionHandler<E extends ExtensionEventName> = (
  event: ExtensionEvents[E],
) => E extends keyof ExtensionEventResults
  ? ExtensionEventResults[E] | void | Promise<ExtensionEventResults[E] | void>
  : void | Promise<void>;

export interface ExtensionAPI {
  registerTool<Args = Record<string, unknown>>(tool: ExtensionTool<Args>): void;
  registerCommand(name: string, command: ExtensionCommand): void;
  on<E extends ExtensionEventName>(event: E, handler: ExtensionHandler<E>): void;
  /** Shows a line to the user (stderr in print mode, the transcript in interactive mode). */
  notify(text: string): void;
  /** agenix's zod, so an extension needs no copy of its own. */
  readonly z: typeof z;
  /** The working directory agenix was started in. */
  readonly workingDir: string;
}

export type ExtensionFactory = (api: ExtensionAPI) => void | Promise<void>;

export const EXTENSION_EVENTS: readonly ExtensionEventName[] = [
  "session_start",
  "session_end",
  "user_input",
  "agent_start",
  "agent_end",
  "turn_start",
  "turn_end",
  "message_end",
  "tool_call",
  "tool_result",
  "before_compact",
  "compact",
];

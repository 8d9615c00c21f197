// The contract of a tool. Each tool lives in its own file and is built with defineTool() (define.ts),
// which validates arguments with the zod schema and truncates output in one place.
import type { z } from "zod";
import type { ToolPermission } from "../permissions/tool-permission.js";
import type { BackgroundShells } from "./background-shells.js";
import type { CommandSandbox, ShellHandle, ShellOptions } from "./shell-handle.js";

export interface ToolContext {
  /** Absolute working directory of the session: relative paths resolve against it. */
  workingDir: string;
  signal: AbortSignal;
  /** Environment for processes a tool starts; default: the process's, without credentials. */
  env?: Record<string, string>;
  /**
   * For tools that walk folders (grep, glob): a test, made once per call, that is true for a path
   * the walk must leave out (a secret path or a deny/ask rule match: Permissions.walkFilter).
   * Absent: nothing is left out.
   */
  walkFilter?: (tool: string) => (absolute: string) => boolean;
  /** Where bash runs its commands; absent: directly on this machine. */
  sandbox?: CommandSandbox;
  /** The id of the tool call being run (the task tool records it in the child session). */
  callId?: string;
  /** The session's background shells (bash run_in_background, bash_output, kill_shell); absent: none. */
  shells?: BackgroundShells;
  /**
   * An editor's view of text files (ACP `fs/*`): read, edit and write take a file's text from it and
   * hand the new text to it, so unsaved buffers are what they see and change. Each side absent: the disk.
   */
  files?: TextFiles;
  /** Where bash runs a command the sandbox does not (ACP: an editor terminal); absent: a local process group. */
  launchShell?: (script: string, options: ShellOptions) => Promise<ShellHandle>;
  /**
   * Whether an explicit allow rule names this host for `tool` (web_fetch: `web_fetch(domain:host)`,
   * no wildcard): only then may it reach a private or loopback address. Absent: never.
   */
  explicitlyAllowedHost?: (tool: string, host: string) => boolean;
}

export interface TextFiles {
  readText?(absolute: string): Promise<string>;
  writeText?(absolute: string, text: string): Promise<void>;
}

export interface ToolOutput {
  /** What the model sees (stored as the tool message's content). */
  content: string;
  isError?: boolean;
  /** One line for the user, e.g. "12 lines", "Exit code 1", "+3 -1". */
  summary?: string;
}

/** The kinds of activity an editor tells apart (ACP's tool kinds). */
export type ToolActivity =
  | "read"
  | "edit"
  | "delete"
  | "move"
  | "search"
  | "execute"
  | "think"
  | "fetch"
  | "other";

export interface Tool {
  name: string;
  description: string;
  /** JSON Schema of the arguments (from zod), as sent to the provider. */
  parameters: Record<string, unknown>;
  /** Neighbouring calls of this tool in one assistant message run at the same time (task). */
  concurrent?: boolean;
  /** What the permission check needs to know about a call; absent: decided by the tool's name alone. */
  permission?: ToolPermission;
  /** See ToolDefinition.activity. */
  activity?: ToolActivity;
  /** Validates, runs and truncates. Never throws: failures become `isError` results. */
  run(args: unknown, ctx: ToolContext): Promise<Required<ToolOutput>>;
}

export interface ToolDefinition<S extends z.ZodType> {
  name: string;
  description: string;
  schema: S;
  /** See Tool.concurrent. */
  concurrent?: boolean;
  /**
   * What a call does, for the permission check (src/permissions/tool-permission.ts): the files it
   * reads or writes, the command it runs, the URL it fetches, or nothing outside the conversation.
   */
  permission?: ToolPermission;
  /**
   * What a call looks like to the user when its permission's kind does not say it (an editor's icon):
   * default read: "read", write: "edit", command: "execute", fetch: "fetch", none: "other".
   */
  activity?: ToolActivity;
  execute(args: z.infer<S>, ctx: ToolContext): Promise<ToolOutput>;
  /** How long a call may run before it is stopped (default DEFAULT_TOOL_DEADLINE_MS, 2 minutes). */
  deadlineMs?(args: z.infer<S>): number;
  /** The tool cuts its output to its own (configured) size, with its own note: skip the generic cap. */
  capsOwnOutput?: boolean;
}

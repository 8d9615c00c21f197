// What a tool declares so the permission table can decide its calls without knowing its arguments:
// the kind of thing a call does and, per kind, the paths, command line or URL it acts on. A tool
// declares it in its definition (`permission: { kind: "read", paths: (input) => ... }`, see
// src/tools/*.ts); the table (decide.ts) reads only this. A tool without a declaration (extensions,
// MCP) is decided by its name alone: rules naming it, else it asks (plan: refused; yolo: runs).
//
// The functions get the call's arguments as the model sent them, before validation: they must
// accept anything and return what they find (a missing path: none, a missing command: undefined).

export type ToolInput = Readonly<Record<string, unknown>>;

interface Declared {
  /**
   * The call's main argument, for `tool(...)` labels in denials and the approval box. Default:
   * the command, the URL or the first path; when there is none, the arguments as JSON.
   */
  label?(input: ToolInput): string | undefined;
}

/** Changes nothing outside the conversation (a todo list, reading a background shell's output). */
export interface NoEffect extends Declared {
  kind: "none";
}

/** Reads files or folders: runs in every mode, except secret locations; rules `read(path)`, `<tool>(path)`. */
export interface ReadsFiles extends Declared {
  kind: "read";
  /** The files or folders read; none: the working directory. */
  paths(input: ToolInput): string[];
}

/** Changes files: rules `write(path)`, `edit(path)`, `<tool>(path)`; the working directory, code folders. */
export interface WritesFiles extends Declared {
  kind: "write";
  /** The files changed; none: the working directory. */
  paths(input: ToolInput): string[];
  /**
   * The change to the first path, shown before the call runs (an editor's diff): a replacement of
   * `oldText` by `newText`, or the file's whole new text. Undefined: not known from the arguments.
   */
  change?(input: ToolInput): ProposedChange | undefined;
}

/** A replacement in a file, or (without `oldText`) the file's whole new text. */
export type ProposedChange = { oldText: string; newText: string } | { oldText?: undefined; newText: string };

/** Runs a shell command line: parsed into its simple commands; rules `<tool>(words *)`. */
export interface RunsCommand extends Declared {
  kind: "command";
  command(input: ToolInput): string | undefined;
  /** The call asks to run outside the command sandbox (it always asks while a sandbox runs). */
  outsideSandbox?(input: ToolInput): boolean;
}

/** Fetches a URL over the network: rules `<tool>(domain:host)`. */
export interface FetchesUrl extends Declared {
  kind: "fetch";
  url(input: ToolInput): string | undefined;
}

export type ToolPermission = NoEffect | ReadsFiles | WritesFiles | RunsCommand | FetchesUrl;
export type ToolKind = ToolPermission["kind"];

/** A tool as the permission system sees it (a Tool of src/tools/ fits). */
export interface PermissionTool {
  name: string;
  permission?: ToolPermission;
}

/** The declaration of a tool by name; undefined for a tool that declares nothing. */
export type PermissionLookup = (tool: string) => ToolPermission | undefined;

/** A lookup over these tools; a later tool with a declaration wins over an earlier one of that name. */
export function permissionLookup(...lists: readonly (readonly PermissionTool[])[]): PermissionLookup {
  const table = new Map<string, ToolPermission>();
  for (const tools of lists)
    for (const tool of tools) if (tool.permission) table.set(tool.name, tool.permission);
  return (tool) => table.get(tool);
}

/** An argument that is a string, else undefined (for declarations). */
export function stringArgument(input: ToolInput, name: string): string | undefined {
  const value = input[name];
  return typeof value === "string" ? value : undefined;
}

/** An argument that is a path: a list of that one path when it is a string, else none. */
export function pathArgument(input: ToolInput, name: string): string[] {
  const value = stringArgument(input, name);
  return value === undefined ? [] : [value];
}

/** The main argument shown in a label (see `Declared.label`). */
export function mainArgument(permission: ToolPermission | undefined, input: ToolInput): string | undefined {
  if (!permission) return undefined;
  if (permission.label) return permission.label(input);
  switch (permission.kind) {
    case "command":
      return permission.command(input);
    case "fetch":
      return permission.url(input);
    case "read":
    case "write":
      return permission.paths(input)[0];
    case "none":
      return undefined;
  }
}

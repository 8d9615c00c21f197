// agenix tool calls as ACP tool calls: their kind, title, the files they touch, and their content
// (a diff for a call that declares its change, the output for everything else), read from the tools'
// declarations (tools/call-display.ts), so a new tool needs nothing here. Used live and when replaying.
import { readFileSync } from "node:fs";
import path from "node:path";
import type {
  ToolCall as AcpToolCall,
  ToolCallContent,
  ToolCallUpdate,
  ToolKind,
} from "@agentclientprotocol/sdk";
import type { ToolCall, ToolMessage } from "../messages/types.js";
import { callFiles, callSubject, proposedChange, toolActivity } from "../tools/call-display.js";

/** The ACP kind of a tool (the editor picks an icon by it): its declared activity; MCP and extension tools by their name's verb. */
export function toolKind(name: string): ToolKind {
  const own = toolActivity(name);
  if (own) return own;
  const tool = name.startsWith("mcp__") ? (name.split("__")[2] ?? "") : name;
  const verb = (/^[a-zA-Z][a-z]*/.exec(tool)?.[0] ?? "").toLowerCase();
  return VERB_KINDS[verb] ?? "other";
}

/** An MCP tool's leading verb (`read_file`, `searchIssues`, `fetch`) -> its kind. */
const VERB_KINDS: Record<string, ToolKind> = {
  read: "read",
  get: "read",
  view: "read",
  open: "read",
  search: "search",
  find: "search",
  grep: "search",
  query: "search",
  list: "search",
  fetch: "fetch",
  browse: "fetch",
  download: "fetch",
  delete: "delete",
  remove: "delete",
  move: "move",
  rename: "move",
  write: "edit",
  edit: "edit",
  update: "edit",
  create: "edit",
  patch: "edit",
  think: "think",
};

/** The first file a call touches, resolved against the working directory. */
function filePath(call: ToolCall, workingDir: string): string | undefined {
  const [file] = callFiles(call);
  return file === undefined ? undefined : path.resolve(workingDir, file);
}

/** `bash npm test`-like title: the tool and its subject (a file resolved against the working directory). */
export function toolTitle(call: ToolCall, workingDir: string): string {
  const subject = callSubject(call, (file) => path.resolve(workingDir, file));
  return subject ? `${call.name} ${subject}` : call.name;
}

/** The diff a call proposes: a replacement, or a whole new text against the file's current one. */
export function proposedDiff(call: ToolCall, workingDir: string): ToolCallContent[] {
  const file = filePath(call, workingDir);
  const change = proposedChange(call);
  if (!file || !change) return [];
  let { oldText } = change;
  if (oldText === undefined) {
    try {
      oldText = readFileSync(file, "utf8");
    } catch {
      // A new file: no old text.
    }
  }
  return [{ type: "diff", path: file, oldText: oldText ?? null, newText: change.newText }];
}

/** The `tool_call` announcing a call (pending until it runs). */
export function toolCallStart(call: ToolCall, workingDir: string): AcpToolCall {
  const file = filePath(call, workingDir);
  return {
    toolCallId: call.id,
    title: toolTitle(call, workingDir),
    kind: toolKind(call.name),
    status: "pending",
    rawInput: call.arguments ?? {},
    locations: file ? [{ path: file }] : [],
    content: proposedDiff(call, workingDir),
  };
}

/** The final `tool_call_update` of a finished call: an edit's diff, and the output. */
export function toolCallEnd(
  call: ToolCall,
  result: ToolMessage,
  workingDir: string,
  /** The editor terminal the command ran in: it shows the output (kept after release). */
  terminalId?: string,
): ToolCallUpdate {
  const failed = result.is_error === true;
  // A whole new text's diff was sent with its tool_call (the file now holds the new text).
  const replaced = proposedChange(call)?.oldText !== undefined;
  const diff = failed || !replaced ? [] : proposedDiff(call, workingDir);
  const output: ToolCallContent = terminalId
    ? { type: "terminal", terminalId }
    : { type: "content", content: { type: "text", text: result.content } };
  return {
    toolCallId: call.id,
    status: failed ? "failed" : "completed",
    content: diff.length > 0 ? [...diff, output] : [output],
    rawOutput: { content: result.content, is_error: failed },
  };
}

// agenix tool calls as ACP tool calls: their kind, title, the files they touch, and their content
// (a diff for `edit`/`write`, the output for everything else). Used live and when replaying a session.
import { readFileSync } from "node:fs";
import path from "node:path";
import type {
  ToolCall as AcpToolCall,
  ToolCallContent,
  ToolCallUpdate,
  ToolKind,
} from "@agentclientprotocol/sdk";
import type { ToolCall, ToolMessage } from "../messages/types.js";

const KINDS: Record<string, ToolKind> = {
  read: "read",
  edit: "edit",
  write: "edit",
  bash: "execute",
  bash_output: "execute",
  kill_shell: "execute",
  grep: "search",
  glob: "search",
  web_fetch: "fetch",
  todo_write: "think",
  // A subagent is planning too, as other ACP agents show it.
  task: "think",
};

/** The ACP kind of a tool (the editor picks an icon by it); MCP and extension tools by their name's verb. */
export function toolKind(name: string): ToolKind {
  const own = KINDS[name];
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

function filePath(call: ToolCall, workingDir: string): string | undefined {
  const raw = call.arguments?.file_path ?? call.arguments?.path;
  if (typeof raw !== "string" || raw === "") return undefined;
  return path.resolve(workingDir, raw);
}

/** `bash npm test`-like title: the tool and its main argument (a background shell's id for its tools). */
export function toolTitle(call: ToolCall, workingDir: string): string {
  const args = call.arguments ?? {};
  const shellId = call.name === "bash_output" || call.name === "kill_shell" ? args.id : undefined;
  const main = args.command ?? args.pattern ?? shellId ?? filePath(call, workingDir);
  return typeof main === "string" ? `${call.name} ${main}` : call.name;
}

/** The diff an `edit` or `write` proposes (the file's current text for a whole-file write). */
export function proposedDiff(call: ToolCall, workingDir: string): ToolCallContent[] {
  const file = filePath(call, workingDir);
  if (!file) return [];
  const args = call.arguments ?? {};
  if (call.name === "edit" && typeof args.old_string === "string" && typeof args.new_string === "string") {
    return [{ type: "diff", path: file, oldText: args.old_string, newText: args.new_string }];
  }
  if (call.name === "write" && typeof args.content === "string") {
    let oldText: string | null = null;
    try {
      oldText = readFileSync(file, "utf8");
    } catch {
      // A new file: no old text.
    }
    return [{ type: "diff", path: file, oldText, newText: args.content }];
  }
  return [];
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
  // A write's diff was sent with its tool_call (the file now holds the new text).
  const diff = failed || call.name !== "edit" ? [] : proposedDiff(call, workingDir);
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

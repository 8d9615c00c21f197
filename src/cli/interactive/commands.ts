// Slash commands: parsing, Tab completion and handlers as plain functions. Handlers return text to
// show and, when the app must change state (load, new, quit...), an action for app.tsx to carry out.

import { budgetCommand as budgetAnswer } from "../../run/budget-command.js";
import type { SessionSummary } from "../../sessions/summary.js";
import { summaryLine } from "../sessions/list-format.js";
import type { Confirm } from "./confirmations.js";
import { CONTEXT_COMMANDS, runContextCommand } from "./context-commands.js";
import { HISTORY_COMMANDS, type HistoryActions, historyCommand } from "./history-commands.js";
import { permissionsCommand } from "./permissions-command.js";
import { PS_COMMANDS, psCommand } from "./ps-command.js";
import { type ChatSession, hasSessionFile, type SessionSource } from "./types.js";
import { UNDO_COMMANDS, undoCommand } from "./undo-commands.js";

export type CommandAction =
  | { type: "quit" }
  | { type: "new" }
  | { type: "clear" }
  | { type: "load"; id: string }
  | { type: "picker"; sessions?: SessionSummary[]; title?: string }
  | { type: "rewind" }
  | { type: "model-picker" }
  /** Send this text as the user's message (a custom command or skill), with its model for that run. */
  | { type: "prompt"; text: string; model?: string };

export interface CommandResult {
  output?: string;
  tone?: "info" | "warning" | "error";
  action?: CommandAction;
}

export interface CommandContext {
  session: ChatSession;
  sessions: Pick<SessionSource, "list">;
  /** Exports the session's JSON, redacted or not, to a file; returns what to tell the user. */
  exportSession?: (session: ChatSession, file: string | undefined, redact: boolean) => Promise<string>;
  /** Analysis text for /stats and /cost (loaded lazily: the analysis code is not needed to chat). */
  analyse?: (session: ChatSession, what: "stats" | "cost") => Promise<string>;
  /** More commands (/context, /skills, /mcp, custom commands, skills...): see custom-commands.ts. */
  extra?: ExtraCommands;
  /** /search, /fork and /rewind. */
  history?: HistoryActions;
  /** Shows a line at once, while a command is still running (e.g. before a compaction). */
  notify?: (text: string, tone?: "info" | "warning" | "error" | "dim") => void;
  /** A yes/no box (default no), e.g. before /undo overwrites files changed outside agenix. */
  confirm?: Confirm;
  /** `/config`: the effective settings and their sources (config-command.ts). */
  showConfig?: (session: ChatSession) => CommandResult | Promise<CommandResult>;
}

/** Commands contributed from outside this file; run() answers undefined for names it does not know. */
export interface ExtraCommands {
  list(): CommandSpec[];
  run(name: string, rest: string, session: ChatSession): Promise<CommandResult | undefined>;
}

export interface CommandSpec {
  name: string;
  args: string;
  help: string;
}

export const COMMANDS: CommandSpec[] = [
  { name: "/help", args: "", help: "commands, keys and tools" },
  { name: "/sessions", args: "", help: "list the sessions of this working directory" },
  { name: "/load", args: "[id]", help: "load a session (no id: pick one)" },
  { name: "/new", args: "", help: "start a new session" },
  { name: "/clear", args: "", help: "clear the screen and conversation; starts a new session file" },
  { name: "/name", args: "<name>", help: "name the current session" },
  { name: "/tag", args: "<tag...>", help: "tag the current session" },
  { name: "/stats", args: "", help: "statistics of the current session" },
  { name: "/cost", args: "", help: "estimated cost of the current session" },
  { name: "/budget", args: "[usd]", help: "the run's budget and spend (with an amount: set or raise it)" },
  { name: "/export", args: "[file] [--redact]", help: "write the session's JSON to a file" },
  ...HISTORY_COMMANDS,
  ...UNDO_COMMANDS,
  {
    name: "/model",
    args: "[id]",
    help: "switch model for the next turns (no id: pick one; saved in the session)",
  },
  ...CONTEXT_COMMANDS,
  { name: "/permissions", args: "[mode]", help: "permission mode and rules (with a mode: switch to it)" },
  { name: "/config", args: "", help: "effective settings and where each came from" },
  ...PS_COMMANDS,
  { name: "/quit", args: "", help: "leave (also /exit, Ctrl-D, Ctrl-C twice)" },
  { name: "/exit", args: "", help: "leave" },
];

const TOOLS_HELP = "read, write, edit, bash, grep, glob, bash_output, kill_shell, task (subagents: /agents)";

const KEYS_HELP = [
  "Enter send · Shift+Enter or a trailing \\ then Enter: new line · Up/Down history",
  "Esc or Ctrl-C during a turn: interrupt · Ctrl-C twice on an empty prompt or Ctrl-D: leave",
  "Tab complete a command or, after /load, a session id · Ctrl+O show the last tool's full output",
  "Shift+Tab cycle the permission mode (default, accept-edits, plan)",
  "Ctrl+A/E line start/end · Ctrl+U/K delete to line start/end · Ctrl+W delete word",
];

export interface ParsedCommand {
  name: string;
  args: string[];
  rest: string;
}

/** `/tag a b` -> {name: "/tag", args: ["a","b"], rest: "a b"}; null when the text is not a command. */
export function parseCommand(input: string): ParsedCommand | null {
  const text = input.trim();
  if (!text.startsWith("/") || text.startsWith("//")) return null;
  const match = /^(\/\S*)\s*([\s\S]*)$/.exec(text)!;
  const rest = match[2]!.trim();
  return { name: match[1]!.toLowerCase(), args: rest ? rest.split(/\s+/) : [], rest };
}

/** Tab completion of a command name: the single match (with a trailing space), or the candidates. */
export function completeCommand(
  input: string,
  extraNames: readonly string[] = [],
): { text: string; candidates: string[] } {
  if (!/^\/\S*$/.test(input)) return { text: input, candidates: [] };
  const names = [...new Set([...COMMANDS.map((c) => c.name), ...extraNames])];
  const candidates = names.filter((name) => name.startsWith(input.toLowerCase()));
  if (candidates.length === 1) return { text: `${candidates[0]} `, candidates };
  const prefix = commonPrefix(candidates);
  return { text: prefix.length > input.length ? prefix : input, candidates };
}

/** Candidates shown under the prompt at most (thousands of session ids would flood the screen). */
const MAX_SHOWN_CANDIDATES = 12;

/**
 * Tab completion of the whole input: a command name, or the session id after `/load ` (from
 * `sessionIds`, newest first). Returns the completed text and the candidates to show.
 */
export function completeInput(
  input: string,
  sessionIds: readonly string[] = [],
  extraNames: readonly string[] = [],
): { text: string; candidates: string[] } {
  const load = /^(\/load\s+)(\S*)$/i.exec(input);
  if (!load) return completeCommand(input, extraNames);
  const [, head, partial] = load as unknown as [string, string, string];
  const matches = sessionIds.filter((id) => id.startsWith(partial));
  if (matches.length === 1) return { text: `${head}${matches[0]}`, candidates: matches };
  const prefix = commonPrefix(matches);
  const shown = matches.slice(0, MAX_SHOWN_CANDIDATES);
  if (matches.length > shown.length) shown.push(`… ${matches.length - shown.length} more`);
  return { text: prefix.length > partial.length ? `${head}${prefix}` : input, candidates: shown };
}

function commonPrefix(words: string[]): string {
  if (words.length === 0) return "";
  let prefix = words[0]!;
  for (const word of words) while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

function helpText(extra: CommandSpec[] = []): string {
  const all = [...COMMANDS, ...extra];
  const width = Math.max(...all.map((c) => `${c.name} ${c.args}`.length));
  const lines = all.map((c) => `  ${`${c.name} ${c.args}`.padEnd(width)}  ${c.help}`);
  return ["Commands:", ...lines, "Keys:", ...KEYS_HELP.map((k) => `  ${k}`), `Tools: ${TOOLS_HELP}`].join(
    "\n",
  );
}

/** The spec's `/sessions` output: `Available sessions:` then `• <id> - <created_at>` lines with the
 * name or first message, tags and count, as `agenix sessions list` shows them. */
export function formatSessionList(sessions: SessionSummary[]): string {
  if (sessions.length === 0) return "Available sessions:\n  (none yet in this working directory)";
  return ["Available sessions:", ...sessions.map((s) => summaryLine(s))].join("\n");
}

export async function runCommand(input: string, ctx: CommandContext): Promise<CommandResult> {
  const command = parseCommand(input);
  if (!command) return { output: "Not a command.", tone: "error" };
  const { session } = ctx;
  switch (command.name) {
    case "/help":
      return { output: helpText(ctx.extra?.list()) };
    case "/sessions":
      return { output: formatSessionList(await ctx.sessions.list()) };
    case "/load":
      return { action: command.args[0] ? { type: "load", id: command.args[0] } : { type: "picker" } };
    case "/new":
      return { action: { type: "new" } };
    case "/clear":
      return { action: { type: "clear" } };
    case "/quit":
    case "/exit":
      return { action: { type: "quit" } };
    case "/name":
      if (!command.rest) return { output: "Usage: /name <name>", tone: "error" };
      await session.setMetadata({ name: command.rest });
      return { output: `Session named: ${command.rest}${pendingNote(session)}` };
    case "/tag": {
      if (command.args.length === 0) return { output: "Usage: /tag <tag...>", tone: "error" };
      const tags = [...new Set([...(session.getData().metadata.tags ?? []), ...command.args])];
      await session.setMetadata({ tags });
      return { output: `Tags: ${tags.join(", ")}${pendingNote(session)}` };
    }
    case "/model":
      return (await import("./model-command.js")).modelCommand(command.args, session);
    case "/permissions":
      return permissionsCommand(session.permissions, command.args);
    case "/config":
      return ctx.showConfig
        ? ctx.showConfig(session)
        : { output: "Settings are not available.", tone: "error" };
    case "/budget":
      return budgetCommand(session, command.args[0]);
    case "/stats":
    case "/cost":
      if (!ctx.analyse) return { output: "Analysis is not available.", tone: "error" };
      return { output: await ctx.analyse(session, command.name === "/stats" ? "stats" : "cost") };
    case "/export": {
      if (!hasSessionFile(session))
        return { output: "Nothing to export yet: send a message first.", tone: "error" };
      if (!ctx.exportSession) return { output: "Export is not available.", tone: "error" };
      const redact = command.args.includes("--redact");
      const files = command.args.filter((a) => a !== "--redact");
      if (files.length > 1 || files.some((f) => f.startsWith("--")))
        return { output: "Usage: /export [file] [--redact]", tone: "error" };
      return { output: await ctx.exportSession(session, files[0], redact) };
    }
    case "/ps":
      return psCommand(session);
    case "/undo":
    case "/redo":
      return undoCommand(command.name, command.args, session, ctx.confirm);
    case "/search":
    case "/fork":
    case "/rewind":
      return historyCommand(command.name, command.rest, session, ctx.history);
    default:
      return (
        (await runContextCommand(command, ctx)) ??
        (await ctx.extra?.run(command.name, command.rest, session)) ?? {
          output: `Unknown command: ${command.name} (try /help)`,
          tone: "error",
        }
      );
  }
}

function pendingNote(session: ChatSession): string {
  return hasSessionFile(session) ? "" : " (saved with your first message)";
}

/** `/budget`: the spend against the budget; `/budget 5`: set or raise it for the next requests. */
function budgetCommand(session: ChatSession, amount: string | undefined): CommandResult {
  const answer = budgetAnswer(session, amount);
  return answer.error ? { output: answer.text, tone: "error" } : { output: answer.text };
}

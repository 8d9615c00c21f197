// The interactive app's state, as the view renders it, and what the app is given to run: the
// options (the session to start with, where sessions come from, ...) and the terminal it leaves.
import type { TodoItem } from "../../messages/todos.js";
import type { ApprovalRequest } from "../../permissions/gate.js";
import type { PermissionMode } from "../../permissions/types.js";
import type { SessionSummary } from "../../sessions/summary.js";
import type { ApprovalQueue } from "./approvals.js";
import type { CommandContext } from "./commands.js";
import type { StatusInfo } from "./components/StatusLine.js";
import type { Confirmation } from "./confirmations.js";
import type { ModelChoice, ServerModels } from "./model-command.js";
import type { Item, TranscriptState } from "./transcript-state.js";
import type { ChatSession, SessionSource } from "./types.js";

export interface AppOptions {
  /** The command sandbox for the status line: workspace-write, read-only or off. */
  sandbox?: string;
  initial: ChatSession;
  source: SessionSource;
  /** Where prompt history is kept (one file per working directory). */
  historyFile: string;
  /** Open the session picker at start (`agenix --resume`). */
  startWithPicker?: boolean;
  /** Items to show first (a loaded session's conversation, notices from opening). */
  initialItems?: Item[];
  /** Told about every session switch, so the exit line names the session in use. */
  onSessionChange?(session: ChatSession): void;
  /** Token total and cost text of a session, for the status line. */
  status(session: ChatSession): Promise<StatusInfo>;
  commandContext: Omit<CommandContext, "session" | "sessions">;
  /** Questions from the permission check, answered in the approval box. */
  approvals?: ApprovalQueue;
  /** Aborted on SIGTERM/SIGHUP: stop the running turn, then leave. */
  stop?: AbortSignal;
  /** The models a custom --base-url's server lists, for the /model picker. */
  serverModels?: () => Promise<ServerModels | undefined>;
}

/** What the app needs from the terminal. */
export interface AppTerminal {
  /** Leave the app. */
  exit(): void;
  /** Clear the screen and its scrollback (/clear). */
  clearScreen(): void;
}

export type AppMode =
  | { type: "prompt" }
  | { type: "busy" }
  | { type: "picker"; sessions: SessionSummary[]; title?: string }
  | { type: "model-picker"; choices: ModelChoice[] }
  | { type: "rewind" };

/** The running turn, for the waiting line: when it started, output tokens of finished messages, phase. */
export interface TurnProgress {
  startedAt: number;
  tokens: number;
  afterTool: boolean;
}

export interface AppState {
  session: ChatSession;
  /** Changes when the session object changed in place (its id appeared with its file, /new). */
  sessionVersion: number;
  transcript: TranscriptState;
  mode: AppMode;
  /** Bumped by /clear: the transcript's printed part starts again. */
  epoch: number;
  hint?: string;
  /** Text put back in the prompt (after /rewind); the nonce makes the same text apply twice. */
  prefill?: { text: string; nonce: number };
  history: string[];
  status: StatusInfo;
  approval?: ApprovalRequest;
  /** A yes/no question from a command (e.g. /undo over files changed outside agenix), in the confirm box. */
  confirmation?: Confirmation;
  permissionMode?: PermissionMode;
  /** Messages typed while a turn runs, sent in order when it ends (not after an interrupt). */
  queue: readonly string[];
  turn: TurnProgress | null;
  /** The model's todo list (todo_write), shown under the spinner while a turn runs. */
  todos: readonly TodoItem[];
}

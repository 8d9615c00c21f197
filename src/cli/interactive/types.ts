// What the interactive UI needs from the rest of agenix, as narrow interfaces: the UI is built
// against these, and start.ts plugs in the real AgentSession and SessionManager.
import type { RestoreOptions, RestoreOutcome } from "../../agent/checkpoint-keeper.js";
import type { AgentEvent } from "../../agent/events.js";
import type { CompactionRecord, Message, SessionData, UserInput } from "../../messages/types.js";
import type { SessionSummary } from "../../sessions/summary.js";
import type { ReasoningEffort } from "../../settings/choices.js";
import type { ShellInfo } from "../../tools/background-shells.js";
import type { CommandSandbox } from "../../tools/shell-handle.js";
import type { PermissionView } from "./permissions-command.js";

/** The events the UI renders: the loop's, plus notices (retries, save warnings) if the agent sends them. */
export type UiEvent = AgentEvent | { type: "notice"; level?: string; text: string };

/** The part of AgentSession (src/agent/agent-session.ts) the UI uses. */
export interface ChatSession {
  /** Undefined until the session has a file (a new session gets one with its first message). */
  readonly id: string | undefined;
  readonly model: string;
  readonly workingDir: string;
  /** `model`: for this run only (a custom command's frontmatter `model`). */
  stream(text: string | UserInput, options: { signal?: AbortSignal; model?: string }): AsyncIterable<UiEvent>;
  getMessages(): Message[];
  getData(): SessionData;
  /** Starts a new, empty session (a new file with the next message); the old file is kept. */
  clearMessages(): unknown;
  setModel(model: string): unknown;
  setMetadata(metadata: { name?: string; tags?: string[] }): unknown;
  close(reason?: string): unknown;
  /** The prompt has waited a while after an answer (Notification hooks). */
  inputIdle?(): void;
  /** The system prompt sent with every request (for /context's token count). */
  readonly systemPrompt?: string;
  /** Shows a notice (an extension's), now or with the next stream. */
  addNotice?(level: "info" | "warning", text: string): void;
  /** `/compact`: summarize older messages now (absent in stand-ins without compaction). */
  compact?(options: {
    instructions?: string;
    onEvent?: (event: AgentEvent) => void;
  }): Promise<CompactionRecord>;
  /** Estimated context in use, for the status line. */
  contextUsage?(): Promise<{ tokens: number; contextWindow: number; percent: number }>;
  readonly reasoningEffort?: ReasoningEffort;
  /** Where commands run (the model's and the user's `!command`); absent: unsandboxed. */
  readonly sandbox?: CommandSandbox;
  setReasoningEffort?(effort: ReasoningEffort | undefined): void;
  /** /undo and /redo (absent in stand-ins without checkpoints). */
  undo?(options: RestoreOptions): Promise<RestoreOutcome>;
  redo?(options: RestoreOptions): Promise<RestoreOutcome>;
  restore?(id: string, options: RestoreOptions): Promise<RestoreOutcome>;
  /** A snapshot after a `!command` (it may change files). */
  snapshot?(what: string): Promise<void>;
  /** The model's background shells, for /ps (absent in stand-ins without them). */
  readonly backgroundShells?: { list(): ShellInfo[] };
  /** Stops the background shells still running; the notice naming them, if any was. */
  stopBackgroundShells?(): Promise<string | undefined>;
  /** Mode and rules of the session's permission check (absent: no checks). */
  readonly permissions?: PermissionView;
  /** The run's budget and its estimated spend (undefined: no --max-budget-usd). */
  readonly budget?: { limitUsd: number; spentUsd: number };
  /** `/budget <usd>`: sets or raises the run's budget. */
  setBudget?(usd: number): void;
}

/** Where sessions come from: listing for /sessions and the picker, opening for /load and /new. */
export interface SessionSource {
  list(): Promise<SessionSummary[]>;
  /** An existing session by id; throws SessionNotFoundError / SessionLoadError. */
  open(id: string): Promise<ChatSession>;
}

/** True once the session has a file on disk (the file is created with the first message). */
export function hasSessionFile(session: ChatSession): boolean {
  return session.id !== undefined;
}

// The interactive app's session half: which session is open and how that changes (the picker,
// /load, /new, /clear, /rewind), the status line, and the transcript the changes are told in.
// AppTurns (app-turns.ts) adds the running half (turns, commands, the queue), AppController
// (app-controller.ts) the keys.
import { latestTodos } from "../../messages/todos.js";
import type { SessionSummary } from "../../sessions/summary.js";
import { TodoWatch } from "../todo-watch.js";
import type { AppOptions, AppState, AppTerminal } from "./app-state.js";
import type { RewindScope } from "./components/RewindPicker.js";
import { ConfirmQueue } from "./confirmations.js";
import { loadHistory } from "./history.js";
import { markdownReady } from "./markdown.js";
import { Store } from "./store.js";
import { addItems, emptyTranscript, type Item, info, itemsForResume } from "./transcript-state.js";
import type { ChatSession } from "./types.js";
import { rewindFiles } from "./undo-commands.js";

export class AppSessions extends Store<AppState> {
  // Ids for Tab completion after `/load `: read once the prompt is up, refreshed after every turn.
  private ids: string[] = [];
  /** Yes/no questions of commands (/undo, /rewind over files changed outside agenix). */
  protected readonly confirmations = new ConfirmQueue();
  /** Follows the todo list through a turn's events (AppTurns); reset with the session. */
  protected todoWatch: TodoWatch;

  constructor(
    protected readonly options: AppOptions,
    protected readonly terminal: AppTerminal,
  ) {
    super({
      session: options.initial,
      sessionVersion: 0,
      transcript: addItems(emptyTranscript, ...(options.initialItems ?? [])),
      mode: { type: "prompt" },
      epoch: 0,
      history: loadHistory(options.historyFile),
      status: { model: options.initial.model, tokens: 0 },
      permissionMode: options.initial.permissions?.mode,
      queue: [],
      turn: null,
      todos: latestTodos(options.initial.getMessages()) ?? [],
    });
    this.todoWatch = new TodoWatch(this.state.todos);
  }

  readonly sessionIds = (): readonly string[] => this.ids;

  /** The prompt waited a while after an answer (Notification hooks). */
  readonly notifyIdle = (): void => this.state.session.inputIdle?.();

  readonly answerConfirmation = (yes: boolean): void => {
    this.confirmations.answer(yes);
  };

  readonly closePicker = (): void => {
    this.set({ mode: { type: "prompt" } });
  };

  readonly pickSession = (id: string): void => {
    this.closePicker();
    void this.loadSession(id);
  };

  protected openPicker(found?: SessionSummary[], title?: string) {
    if (found) return this.set({ mode: { type: "picker", sessions: found, title } });
    this.options.source.list().then(
      (sessions) => {
        this.ids = sessions.map((s) => s.id);
        this.set({ mode: { type: "picker", sessions } });
      },
      (error) => this.showError(error),
    );
  }

  protected async loadSession(id: string): Promise<void> {
    if (id === this.state.session.id) {
      this.show(info(`Session ${id} is already open.`, "info"));
      return;
    }
    try {
      const next = await this.options.source.open(id);
      // Loading another session ends this one: its background shells stop, and the user hears which.
      const stopped = await this.state.session.stopBackgroundShells?.();
      if (stopped) this.show(info(stopped, "warning"));
      await this.state.session.close();
      this.switchSession(next);
      await markdownReady();
      this.show(info("Session loaded", "info"), info(`• ${next.id} - ${next.getData().created_at}`, "dim"));
      this.show(...itemsForResume(next.getData()));
    } catch (error) {
      this.showError(error);
    }
  }

  /** /new: the next message starts a new session file; the old one is kept. */
  protected async newSession(): Promise<void> {
    const current = this.state.session;
    const previous = current.id;
    await current.clearMessages();
    this.switchSession(current);
    this.show(
      info(
        `New session started.${previous ? ` The previous one is kept: agenix --session ${previous}` : ""}`,
      ),
    );
  }

  /** /clear: as /new, and the screen and transcript start again. */
  protected async clearConversation(): Promise<void> {
    const current = this.state.session;
    const previous = current.id;
    await current.clearMessages();
    // Printed output cannot be taken back: clear the terminal, then start the transcript empty.
    this.terminal.clearScreen();
    this.set({
      epoch: this.state.epoch + 1,
      transcript: addItems(
        emptyTranscript,
        info(
          previous
            ? `Conversation cleared (screen and memory). Nothing was deleted: the previous session is kept (agenix --session ${previous}); new messages go to a new session file.`
            : "Conversation cleared (screen and memory). New messages go to a new session file.",
        ),
      ),
    });
    this.switchSession(current);
  }

  /** /rewind to message `index`: files back, and/or the conversation continued in a copy before it. */
  protected async rewind(index: number, text: string, scope: RewindScope): Promise<void> {
    const history = this.options.commandContext.history;
    if (!history) throw new Error("History commands are not available.");
    const current = this.state.session;
    if (scope !== "conversation") {
      const restored = await rewindFiles(current, index, this.confirmations.ask);
      this.show(info(restored.text, restored.tone));
      if (restored.tone !== undefined || scope === "files") return;
    }
    if (index === 0) {
      // Nothing comes before the first message: a copy would be an empty session file.
      const previous = current.id;
      await current.clearMessages();
      this.switchSession(current);
      this.show(
        info(`Rewound to the start: a new session (the original is kept: agenix --session ${previous}).`),
      );
      this.set({ prefill: { text, nonce: Date.now() } });
      return;
    }
    const id = await history.fork(current, index);
    this.show(
      info(
        `Rewound: continuing in ${id}, a copy of ${current.id} before message #${index} (the original is kept).`,
      ),
    );
    await this.loadSession(id);
    this.set({ prefill: { text, nonce: Date.now() } });
  }

  protected switchSession(next: ChatSession): void {
    // The mode chosen with Shift+Tab stays when another session is loaded.
    const previous = this.state.session;
    const mode = previous.permissions?.mode;
    if (mode && next.permissions && next !== previous) next.permissions.setMode(mode);
    const todos = latestTodos(next.getMessages()) ?? [];
    this.todoWatch = new TodoWatch(todos);
    this.set({ session: next, sessionVersion: this.state.sessionVersion + 1, todos });
    this.options.onSessionChange?.(next);
    this.refreshStatus(next);
  }

  protected refreshStatus(session: ChatSession): void {
    this.options.status(session).then(
      (status) => this.set({ status }),
      () => this.set({ status: { model: session.model, tokens: 0 } }),
    );
  }

  protected refreshSessionIds(): void {
    this.options.source.list().then(
      (list) => {
        this.ids = list.map((s) => s.id);
      },
      () => {},
    );
  }

  protected show(...items: Item[]): void {
    this.set({ transcript: addItems(this.state.transcript, ...items) });
  }

  protected showError(error: unknown): void {
    this.show(info(`Error: ${(error as Error).message}`, "error"));
  }
}

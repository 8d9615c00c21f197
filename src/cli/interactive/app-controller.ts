// The interactive app's behaviour, without Ink: running turns, `!commands` and slash commands, the
// queue of messages typed meanwhile, and the keys the prompt hands over; the session half (which
// session is open, the pickers, /new, /clear, /rewind) is AppSessions (app-sessions.ts). The
// component (app.tsx) renders `state` (app-state.ts) and forwards the user's actions.
import type { ApprovalAnswer } from "../../permissions/gate.js";
import { nextMode } from "../../permissions/modes.js";
import { sanitizeForTerminal } from "../sanitize.js";
import { AppSessions } from "./app-sessions.js";
import { type CommandAction, type CommandContext, runCommand } from "./commands.js";
import type { RewindScope } from "./components/RewindPicker.js";
import { listProjectFiles } from "./file-mentions.js";
import { appendHistory } from "./history.js";
import { markdownReady } from "./markdown.js";
import { applyEvent, info } from "./transcript-state.js";
import { runUserCommand, type UserCommandResult, withCommandOutput } from "./user-command.js";

export type { AppMode, AppOptions, AppState, AppTerminal, TurnProgress } from "./app-state.js";

/** Two Esc presses this close together clear the queued messages. */
const DOUBLE_ESC_MS = 1500;

export class AppController extends AppSessions {
  private abort: AbortController | null = null;
  private busy = false;
  private lastEscape = 0;
  // Set while "Esc again to clear" is showing: the next Esc clears the queue, however late.
  private escapeArmed = false;
  private exitArmed = false;
  private stopping = false;
  // `!command` outputs not yet sent: attached to the next message.
  private ranCommands: UserCommandResult[] = [];
  // Project files for `@` completion, listed once in the background.
  private files: string[] = [];
  private filesListed: Promise<void> | null = null;

  /** Starts what runs in the background (the app is on screen); returns how to stop it. */
  start(): () => void {
    const stops: (() => void)[] = [];
    const { approvals, stop } = this.options;
    if (approvals) stops.push(approvals.subscribe(() => this.set({ approval: approvals.current() })));
    stops.push(this.confirmations.subscribe(() => this.set({ confirmation: this.confirmations.current() })));
    if (stop) {
      // A stop signal: abort the running turn (its end then exits) or exit at once when idle.
      const onStop = () => {
        this.stopping = true;
        if (this.abort) this.abort.abort();
        else this.terminal.exit();
      };
      if (stop.aborted) onStop();
      else {
        stop.addEventListener("abort", onStop, { once: true });
        stops.push(() => stop.removeEventListener("abort", onStop));
      }
    }
    this.refreshStatus(this.options.initial);
    const timers = [setTimeout(this.listFiles, 300)];
    if (this.options.startWithPicker) this.openPicker();
    else timers.push(setTimeout(() => this.refreshSessionIds(), 200)); // after the first keys
    stops.push(() => {
      for (const timer of timers) clearTimeout(timer);
    });
    return () => {
      for (const s of stops) s();
    };
  }

  // ---- what the prompt asks for ----

  readonly fileList = (): readonly string[] => this.files;

  readonly listFiles = (): Promise<void> => {
    this.filesListed ??= listProjectFiles(this.options.initial.workingDir).then(
      (list) => {
        this.files = list;
      },
      () => {},
    );
    return this.filesListed;
  };

  readonly commandNames = (): readonly string[] =>
    this.options.commandContext.extra?.list().map((c) => c.name) ?? [];

  // ---- the user's actions ----

  readonly submit = (text: string): void => {
    this.exitArmed = false;
    this.set({ hint: undefined, history: appendHistory(this.options.historyFile, text, this.state.history) });
    if (this.busy) {
      this.set({ queue: [...this.state.queue, text] });
      return;
    }
    this.submitNow(text);
  };

  readonly interrupt = (): void => {
    this.abort?.abort();
  };

  readonly escape = () => {
    const now = Date.now();
    const double = this.escapeArmed || now - this.lastEscape < DOUBLE_ESC_MS;
    this.lastEscape = now;
    if (this.busy) this.abort?.abort();
    const waiting = this.state.queue.length;
    if (waiting === 0) return;
    const messages = `${waiting} ${waiting === 1 ? "message" : "messages"}`;
    if (double) {
      this.escapeArmed = false;
      this.set({ queue: [], hint: undefined });
      this.show(info(`Queue cleared (${messages} not sent).`, "dim"));
    } else {
      this.escapeArmed = true;
      this.set({ hint: `Esc again to clear ${waiting} queued ${waiting === 1 ? "message" : "messages"}` });
    }
  };

  readonly exitKey = (key: "ctrl-c" | "ctrl-d") => {
    if (key === "ctrl-d" || this.exitArmed) return this.terminal.exit();
    this.exitArmed = true;
    this.set({ hint: "Press Ctrl-C again to exit" });
  };

  /** Any other key: disarms "Esc again" and "Ctrl-C again". */
  readonly activity = (): void => {
    this.escapeArmed = false;
    if (!this.exitArmed) return;
    this.exitArmed = false;
    this.set({ hint: undefined });
  };

  /** Up on an empty prompt: the last queued message, taken back for editing. */
  readonly takeQueued = (): string | undefined => {
    const last = this.state.queue.at(-1);
    if (last !== undefined) this.set({ queue: this.state.queue.slice(0, -1) });
    return last;
  };

  /** Enter on an empty prompt: sends a waiting queued message (when idle). */
  readonly emptyEnter = (): void => {
    if (!this.busy) this.sendNextQueued();
  };

  /** Ctrl+O: the last tool's full output (or its diff). */
  readonly expand = () => {
    const last = [...this.state.transcript.items].reverse().find((item) => item.kind === "tool");
    if (last?.kind !== "tool") return this.show(info("No tool output yet.", "dim"));
    if (last.diff)
      return this.show({ kind: "diff", title: `⎿ ${last.name}(${last.args}) diff:`, diff: last.diff });
    const lines = (last.output ?? "").split("\n");
    const shown = lines.length > 400 ? [...lines.slice(0, 400), `… ${lines.length - 400} more lines`] : lines;
    this.show(info(`⎿ ${last.name}(${last.args}) output:`, "dim"), info(shown.join("\n")));
  };

  /** Shift+Tab: the next permission mode. */
  readonly cycleMode = (): void => {
    const permissions = this.state.session.permissions;
    if (!permissions) return;
    const sandboxed = this.options.sandbox !== undefined && this.options.sandbox !== "off";
    permissions.setMode(nextMode(permissions.mode, sandboxed));
    this.set({ permissionMode: permissions.mode });
  };

  readonly answerApproval = (answer: ApprovalAnswer): void => {
    this.options.approvals?.answer(answer);
  };

  readonly pickModel = (id: string): void => {
    this.closePicker();
    this.submitNow(`/model ${id}`);
  };

  readonly rewindTo = async (index: number, text: string, scope: RewindScope): Promise<void> => {
    this.setBusy(true);
    try {
      await this.rewind(index, text, scope);
    } catch (error) {
      this.showError(error);
    } finally {
      this.setBusy(false);
      this.sendNextQueued();
    }
  };

  // ---- running things ----

  private submitNow(text: string) {
    const shell = /^!\s*(.+)$/s.exec(text.trim());
    if (shell) return void this.runShell(shell[1]!);
    if (/^\/(?!\/)/.test(text.trim())) return void this.runSlashCommand(text);
    this.show({ kind: "user", text });
    void this.runTurn(text);
  }

  private async runSlashCommand(text: string): Promise<void> {
    this.show(info(`> ${text.trim()}`, "dim"));
    this.setBusy(true);
    const ctx: CommandContext = {
      ...this.options.commandContext,
      session: this.state.session,
      sessions: this.options.source,
      notify: (line, tone) => this.show(info(line, tone)),
      confirm: this.confirmations.ask,
    };
    try {
      const result = await runCommand(text, ctx);
      if (result.output) this.show(info(result.output, result.tone));
      if (result.action) await this.carryOut(result.action, text);
      this.set({ permissionMode: this.state.session.permissions?.mode });
      this.refreshStatus(this.state.session);
    } catch (error) {
      this.showError(error);
    } finally {
      // A picker the command opened stays open.
      this.busy = false;
      if (this.state.mode.type === "busy") this.set({ mode: { type: "prompt" } });
      this.sendNextQueued();
    }
  }

  /** `typed`: the command line the user typed (a custom command's own text attaches nothing). */
  private async carryOut(action: CommandAction, typed: string): Promise<void> {
    const current = this.state.session;
    switch (action.type) {
      case "quit":
        return this.terminal.exit();
      case "picker":
        return this.openPicker(action.sessions, action.title);
      case "model-picker": {
        const { modelChoices } = await import("./model-command.js");
        const server = await this.options.serverModels?.();
        return this.set({
          mode: { type: "model-picker", choices: await modelChoices(current.model, server) },
        });
      }
      case "rewind":
        return this.set({ mode: { type: "rewind" } });
      case "prompt":
        return this.runTurn(action.text, action.model, typed);
      case "load":
        return this.loadSession(action.id);
      case "new":
        return this.newSession();
      case "clear":
        return this.clearConversation();
    }
  }

  /** `typed`: what the user typed; only its @mentions attach files (default: all of `text`). */
  private async runTurn(text: string, model?: string, typed: string = text): Promise<void> {
    const current = this.state.session;
    const controller = new AbortController();
    this.abort = controller;
    this.setBusy(true);
    this.set({ turn: { startedAt: Date.now(), tokens: 0, afterTool: false } });
    // Loads while the model thinks; a finished answer waits for it so it is printed rendered.
    const markdown = markdownReady();
    try {
      const { prepareUserInput } = await import("../attach/prepare-input.js");
      const permissions = current.permissions;
      const prepared = await prepareUserInput(text, current.workingDir, current.model, {
        pastedImages: true,
        typed,
        checkRead: permissions?.decide
          ? (file) => permissions.decide!("read", { file_path: file })
          : undefined,
        onNotice: (line) => this.show(info(line, "warning")),
      });
      const input = withCommandOutput(prepared, this.ranCommands);
      this.ranCommands = [];
      for await (const event of current.stream(input, { signal: controller.signal, model })) {
        const turn = this.state.turn;
        if (event.type === "message" && event.message.role === "assistant") {
          const done = event.message.usage?.completion_tokens ?? 0;
          if (turn) this.set({ turn: { ...turn, tokens: turn.tokens + done } });
          await markdown;
        }
        if (event.type === "tool_result" && turn) this.set({ turn: { ...turn, afterTool: true } });
        if (event.type === "message" && event.message.role === "user" && event.message.attachments?.length) {
          const names = event.message.attachments.map((a) => a.path ?? `!${a.command ?? ""}`);
          this.show(info(`  ⎿ attached: ${names.join(", ")}`, "dim"));
        }
        this.set({ transcript: applyEvent(this.state.transcript, event) });
        const todos = this.todoWatch.update(event);
        if (todos) this.set({ todos });
        if (event.type === "message" && event.message.role === "user" && current.id) {
          // The file now exists: the header shows its id from here on.
          this.set({ sessionVersion: this.state.sessionVersion + 1 });
          this.options.onSessionChange?.(current);
        }
      }
    } catch (error) {
      this.showError(error);
    } finally {
      this.abort = null;
      this.set({ turn: null });
      this.setBusy(false);
      if (this.stopping) this.terminal.exit();
      this.refreshStatus(current);
      this.refreshSessionIds();
      const waiting = this.state.queue.length;
      if (controller.signal.aborted && waiting > 0) {
        this.escapeArmed = true;
        this.set({
          hint: `${waiting} queued · Enter on an empty prompt sends · Esc again to clear ${waiting} queued ${waiting === 1 ? "message" : "messages"}`,
        });
      } else this.sendNextQueued();
    }
  }

  private async runShell(command: string): Promise<void> {
    const controller = new AbortController();
    this.abort = controller;
    this.setBusy(true);
    this.show(info(`! ${command}`, "dim"));
    try {
      // The user's own action, checked against the current session's rules (after /load too).
      const session = this.state.session;
      const decide = session.permissions?.decide?.bind(session.permissions);
      const result = await runUserCommand(
        command,
        session.workingDir,
        controller.signal,
        decide,
        session.sandbox,
      );
      this.ranCommands.push(result);
      await this.state.session.snapshot?.("!command").catch(() => {}); // a failed snapshot warns itself
      const lines = sanitizeForTerminal(result.output).replace(/\n$/, "").split("\n");
      const shown = lines.length > 20 ? [...lines.slice(0, 20), `… ${lines.length - 20} more lines`] : lines;
      this.show(
        info(shown.map((l) => `  ${l}`).join("\n"), result.isError ? "error" : undefined),
        info("  ⎿ output added as context to your next message", "dim"),
      );
    } finally {
      this.abort = null;
      this.setBusy(false);
      if (this.stopping) this.terminal.exit();
      else this.sendNextQueued();
    }
  }

  /** After a turn or command: the next queued message, unless the user interrupted. */
  private sendNextQueued(): void {
    const [next, ...rest] = this.state.queue;
    if (next === undefined) return;
    this.set({ queue: rest });
    this.submitNow(next);
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.set({ mode: busy ? { type: "busy" } : { type: "prompt" } });
  }
}

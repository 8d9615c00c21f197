// The interactive app's running half, without Ink: what the user sends becomes a turn, a `!command`
// or a slash command, one at a time; what is typed meanwhile waits in the queue and goes next.
// AppSessions (app-sessions.ts) below it holds the open session; AppController (app-controller.ts)
// above it the keys.
import { sanitizeForTerminal } from "../sanitize.js";
import { AppSessions } from "./app-sessions.js";
import { type CommandAction, type CommandContext, runCommand } from "./commands.js";
import { markdownReady } from "./markdown.js";
import { applyEvent, info } from "./transcript-state.js";
import { runUserCommand, type UserCommandResult, withCommandOutput } from "./user-command.js";

export class AppTurns extends AppSessions {
  /** Aborts what is running (a turn or a `!command`); null when idle. */
  protected abort: AbortController | null = null;
  protected busy = false;
  /** A stop signal came: exit when what is running ends. */
  protected stopping = false;
  // Set while "Esc again to clear" is showing: the next Esc clears the queue, however late.
  protected escapeArmed = false;
  // `!command` outputs not yet sent: attached to the next message.
  private ranCommands: UserCommandResult[] = [];

  protected submitNow(text: string) {
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
  protected sendNextQueued(): void {
    const [next, ...rest] = this.state.queue;
    if (next === undefined) return;
    this.set({ queue: rest });
    this.submitNow(next);
  }

  protected setBusy(busy: boolean): void {
    this.busy = busy;
    this.set({ mode: busy ? { type: "busy" } : { type: "prompt" } });
  }
}

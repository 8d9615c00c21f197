// The interactive app's behaviour, without Ink, as the component (app.tsx) sees it: the keys the prompt
// hands over (Esc, Ctrl-C, Shift+Tab, Ctrl+O), what the prompt asks for (files, command names) and the
// user's other actions. Below it, in layers: AppTurns (app-turns.ts) runs turns, `!commands` and slash
// commands and keeps the queue; AppSessions (app-sessions.ts) holds which session is open (the pickers,
// /new, /clear, /rewind). The component renders `state` (app-state.ts) and forwards the user's actions.
import type { ApprovalAnswer } from "../../permissions/gate.js";
import { nextMode } from "../../permissions/modes.js";
import { AppTurns } from "./app-turns.js";
import type { RewindScope } from "./components/RewindPicker.js";
import { listProjectFiles } from "./file-mentions.js";
import { appendHistory } from "./history.js";
import { info } from "./transcript-state.js";

export type { AppMode, AppOptions, AppState, AppTerminal, TurnProgress } from "./app-state.js";

/** Two Esc presses this close together clear the queued messages. */
const DOUBLE_ESC_MS = 1500;

export class AppController extends AppTurns {
  private lastEscape = 0;
  private exitArmed = false;
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
}

// What the prompt does with each key: editing (input-buffer.ts), history, pastes, `@` and Tab
// completion, and the keys it hands to the app (Enter, Esc, Ctrl-C/D/O, Shift+Tab). No Ink: the
// component (components/PromptInput.tsx) feeds keys in and renders `state`.
import { completeInput } from "./commands.js";
import { fuzzyMatch, mentionAtCursor, mentionText } from "./file-mentions.js";
import * as edit from "./input-buffer.js";
import { emptyBuffer, type InputBuffer } from "./input-buffer.js";
import { isKeyBurst, PASTE_END, PASTE_START, splitBurst } from "./key-burst.js";
import { Store } from "./store.js";

/** xterm's modifyOtherKeys form of Shift+Enter, as Ink hands it over (ESC stripped). */
const XTERM_SHIFT_ENTER = "[27;2;13~";

/** A key as the terminal library reports it (Ink's `Key` fits). */
export interface PromptKey {
  ctrl: boolean;
  meta: boolean;
  shift: boolean;
  escape: boolean;
  return: boolean;
  tab: boolean;
  upArrow: boolean;
  downArrow: boolean;
  leftArrow: boolean;
  rightArrow: boolean;
  home?: boolean;
  end?: boolean;
  backspace: boolean;
  delete: boolean;
}

/** What the prompt is told by the app (the component's props). */
export interface PromptOptions {
  active: boolean;
  busy: boolean;
  history: string[];
  onSubmit(text: string): void;
  /** Esc, or Ctrl-C, while a turn runs. */
  onInterrupt(): void;
  /** Ctrl-C or Ctrl-D on an empty prompt, while idle. */
  onExitKey(key: "ctrl-c" | "ctrl-d"): void;
  /** Ctrl+O: show the last tool's full output. */
  onExpand(): void;
  /** Any other key: lets the app disarm "press Ctrl-C again". */
  onActivity?(): void;
  /** Session ids for Tab completion after `/load ` (newest first). */
  sessionIds?(): readonly string[];
  /** More command names for Tab (custom commands, skills, extension commands). */
  commandNames?(): readonly string[];
  /** Esc (the app interrupts a turn, and clears the queue on a second Esc). Default: onInterrupt while busy. */
  onEscape?(): void;
  /** Messages waiting for the running turn to end, shown greyed under the prompt. */
  queued?: readonly string[];
  /** Up on an empty prompt: the last queued message, taken back for editing. */
  takeQueued?(): string | undefined;
  /** Enter on an empty prompt (the app sends a waiting queued message). */
  onEmptyEnter?(): void;
  /** Project files for `@` completion (empty until listed). */
  files?(): readonly string[];
  /** Resolves once the project's files are listed (a Tab pressed before that completes then). */
  filesListed?(): Promise<void>;
  /** Text to put in the prompt (e.g. the message /rewind went back to); a new nonce applies it again. */
  prefill?: { text: string; nonce: number };
  /** Shift+Tab: next permission mode. */
  onCycleMode?(): void;
}

export interface PromptState {
  buffer: InputBuffer;
  /** Completion candidates shown under the prompt (the chosen one in brackets). */
  candidates: string[];
}

export class PromptController extends Store<PromptState> {
  // Position in history while browsing with Up/Down; the draft is what was typed before browsing.
  private browse: { index: number; draft: string } | null = null;
  // Inside a bracketed paste everything is text; the terminal marks its start and end.
  private pasting = false;
  // Repeated Tab on the same `@` candidates cycles through them.
  private cycle: { list: string[]; index: number } | null = null;

  /** `options`: read at every key, so the app's latest props apply (a picker opening takes the keys). */
  constructor(private readonly options: () => PromptOptions) {
    super({ buffer: emptyBuffer, candidates: [] });
  }

  /** Puts text in the prompt (a prefill). */
  fill(text: string): void {
    this.setBuffer(edit.fromText(text));
  }

  readonly handle = (input: string, key: PromptKey) => {
    if (!this.options().active) return;
    if (PASTE_START.includes(input)) {
      this.pasting = true;
      return;
    }
    if (PASTE_END.includes(input)) {
      this.pasting = false;
      return;
    }
    if (this.pasting) {
      this.options().onActivity?.();
      const text = key.return ? "\n" : key.tab ? "\t" : input;
      return this.setBuffer(edit.insertText(this.state.buffer, text.replace(/\r\n?/g, "\n")));
    }
    if (!key.ctrl && !key.meta && isKeyBurst(input)) {
      for (const part of splitBurst(input)) this.handleKey(part.input, part.key);
      return;
    }
    this.handleKey(input, key);
  };

  private setBuffer(buffer: InputBuffer): void {
    this.set({ buffer });
  }

  private submit(text: string): void {
    this.browse = null;
    this.set({ buffer: emptyBuffer, candidates: [] });
    this.options().onSubmit(text);
  }

  private historyStep(direction: -1 | 1): boolean {
    const { history } = this.options();
    if (history.length === 0) return false;
    const state = this.browse;
    if (direction === -1) {
      const index = state ? Math.max(0, state.index - 1) : history.length - 1;
      this.browse = { index, draft: state?.draft ?? this.state.buffer.text };
      this.setBuffer(edit.fromText(history[index]!));
      return true;
    }
    if (!state) return false;
    if (state.index + 1 >= history.length) {
      this.browse = null;
      this.setBuffer(edit.fromText(state.draft));
    } else {
      this.browse = { ...state, index: state.index + 1 };
      this.setBuffer(edit.fromText(history[state.index + 1]!));
    }
    return true;
  }

  private completeMention(b: InputBuffer): boolean {
    const mention = mentionAtCursor(b.text, b.cursor);
    if (!mention) return false;
    const options = this.options();
    const previous = this.cycle;
    let choice: string | undefined;
    let list: string[];
    if (
      previous &&
      previous.list.length > 1 &&
      b.text.slice(mention.start + 1, b.cursor) === previous.list[previous.index]
    ) {
      list = previous.list;
      const index = (previous.index + 1) % list.length;
      this.cycle = { list, index };
      choice = list[index];
    } else {
      list = fuzzyMatch(options.files?.() ?? [], mention.partial, 12);
      if (list.length === 0) {
        const listed = (options.files?.().length ?? 0) > 0;
        this.set({ candidates: listed ? ["(no matching file)"] : ["(listing files…)"] });
        if (!listed && options.filesListed) {
          const before = b.text;
          void options.filesListed().then(() => {
            if (this.state.buffer.text === before && (this.options().files?.().length ?? 0) > 0)
              this.completeMention(this.state.buffer);
          });
        }
        return true;
      }
      this.cycle = { list, index: 0 };
      choice = list[0];
    }
    const replaced = mentionText(choice!) + (list.length === 1 && !choice!.endsWith("/") ? " " : "");
    const text = b.text.slice(0, mention.start) + replaced + b.text.slice(b.cursor);
    this.set({
      candidates: list.length > 1 ? list.map((f) => (f === choice ? `[${f}]` : f)) : [],
      buffer: { text, cursor: mention.start + replaced.length },
    });
    return true;
  }

  private handleKey(input: string, key: PromptKey) {
    const options = this.options();
    const b = this.state.buffer;
    if (key.ctrl && input === "c") {
      if (options.busy) return options.onInterrupt();
      if (b.text === "") return options.onExitKey("ctrl-c");
      this.browse = null;
      return this.setBuffer(emptyBuffer);
    }
    if (key.escape) {
      if (options.onEscape) return options.onEscape();
      if (options.busy) return options.onInterrupt();
      return;
    }
    options.onActivity?.();
    if (key.ctrl && input === "d") {
      if (b.text === "" && !options.busy) return options.onExitKey("ctrl-d");
      return this.setBuffer(edit.deleteForward(b));
    }
    if (key.ctrl && input === "o") return options.onExpand();
    if (key.return || input === XTERM_SHIFT_ENTER) {
      if (key.shift || key.meta || input === XTERM_SHIFT_ENTER)
        return this.setBuffer(edit.insertText(b, "\n"));
      if (b.text.slice(0, b.cursor).endsWith("\\")) {
        return this.setBuffer(edit.insertText(edit.backspace(b), "\n"));
      }
      if (b.text.trim() === "") return options.onEmptyEnter?.();
      return this.submit(b.text);
    }
    if (key.tab && key.shift) return options.onCycleMode?.();
    if (key.tab) return this.complete(b);
    if (key.upArrow) {
      if (b.text === "" && options.queued?.length) {
        const taken = options.takeQueued?.();
        if (taken !== undefined) return this.setBuffer(edit.fromText(taken));
      }
      if (edit.onFirstLine(b) && this.historyStep(-1)) return;
      return this.setBuffer(edit.moveVertical(b, -1));
    }
    if (key.downArrow) {
      if (edit.onLastLine(b) && this.historyStep(1)) return;
      return this.setBuffer(edit.moveVertical(b, 1));
    }
    if (key.leftArrow) return this.setBuffer(edit.moveLeft(b));
    if (key.rightArrow) return this.setBuffer(edit.moveRight(b));
    if (key.home || (key.ctrl && input === "a")) return this.setBuffer(edit.lineStart(b));
    if (key.end || (key.ctrl && input === "e")) return this.setBuffer(edit.lineEnd(b));
    if (key.backspace || key.delete) return this.setBuffer(edit.backspace(b));
    if (key.ctrl && input === "u") return this.setBuffer(edit.killToLineStart(b));
    if (key.ctrl && input === "k") return this.setBuffer(edit.killToLineEnd(b));
    if (key.ctrl && input === "w") return this.setBuffer(edit.deleteWordBack(b));
    if (key.ctrl || key.meta || input === "") return;
    this.insertTyped(b, input);
  }

  private complete(b: InputBuffer) {
    if (this.completeMention(b)) return;
    this.cycle = null;
    const options = this.options();
    const completion = completeInput(b.text, options.sessionIds?.(), options.commandNames?.());
    this.set({
      candidates: completion.candidates.length > 1 ? completion.candidates : [],
      buffer: edit.fromText(completion.text),
    });
  }

  // Typed keys arrive one by one; a paste (or keys that arrived together) comes as one string.
  // A lone trailing Enter means "typed, then Enter"; Enters inside the text are a pasted newline.
  private insertTyped(b: InputBuffer, input: string) {
    // Keys typed while the app was busy arrive together: a lone trailing Tab is still a Tab.
    if (/^[^\t\r\n]+\t$/.test(input)) return this.complete(edit.insertText(b, input.slice(0, -1)));
    const text = input.replace(/\r\n?/g, "\n");
    const endsWithEnter = /[^\n]\r$/.test(input) && !text.slice(0, -1).includes("\n");
    if (endsWithEnter) {
      const next = edit.insertText(b, text.slice(0, -1));
      if (next.text.trim() === "") return this.setBuffer(next);
      // A trailing `\` then Enter is a new line, typed slowly or in one chunk alike.
      if (next.text.slice(0, next.cursor).endsWith("\\"))
        return this.setBuffer(edit.insertText(edit.backspace(next), "\n"));
      return this.submit(next.text);
    }
    this.setBuffer(edit.insertText(b, text));
  }
}

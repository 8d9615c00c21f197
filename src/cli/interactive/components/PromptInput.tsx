import { Box, type Key, useInput } from "ink";
import { useEffect, useRef, useState } from "react";
import { completeInput } from "../commands.js";
import { fuzzyMatch, mentionAtCursor, mentionText } from "../file-mentions.js";
import * as edit from "../input-buffer.js";
import { emptyBuffer, type InputBuffer } from "../input-buffer.js";
import { isKeyBurst, PASTE_END, PASTE_START, splitBurst } from "../key-burst.js";
import { Text } from "./SafeText.js";

/** Lines of the prompt shown at most: a huge paste stays editable without redrawing all of it. */
const MAX_VISIBLE_LINES = 12;
/** xterm's modifyOtherKeys form of Shift+Enter, as Ink hands it over (ESC stripped). */
const XTERM_SHIFT_ENTER = "[27;2;13~";

export interface PromptInputProps {
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

export function PromptInput(props: PromptInputProps) {
  const [buffer, setBuffer] = useState<InputBuffer>(emptyBuffer);
  const [candidates, setCandidates] = useState<string[]>([]);
  // Position in history while browsing with Up/Down; the draft is what was typed before browsing.
  const browse = useRef<{ index: number; draft: string } | null>(null);
  // Input events can arrive faster than React re-renders (a fast typist, tmux send-keys): keep the
  // latest buffer in a ref so every key edits the result of the previous one.
  const current = useRef(buffer);
  const update = (next: InputBuffer) => {
    current.current = next;
    setBuffer(next);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: applies once per prefill nonce
  useEffect(() => {
    if (props.prefill) update(edit.fromText(props.prefill.text));
  }, [props.prefill?.nonce]);

  const submit = (text: string) => {
    browse.current = null;
    update(emptyBuffer);
    setCandidates([]);
    props.onSubmit(text);
  };

  const historyStep = (direction: -1 | 1): boolean => {
    const { history } = props;
    if (history.length === 0) return false;
    const state = browse.current;
    if (direction === -1) {
      const index = state ? Math.max(0, state.index - 1) : history.length - 1;
      browse.current = { index, draft: state?.draft ?? current.current.text };
      update(edit.fromText(history[index]!));
      return true;
    }
    if (!state) return false;
    if (state.index + 1 >= history.length) {
      browse.current = null;
      update(edit.fromText(state.draft));
    } else {
      browse.current = { ...state, index: state.index + 1 };
      update(edit.fromText(history[state.index + 1]!));
    }
    return true;
  };

  // Inside a bracketed paste everything is text; the terminal marks its start and end.
  const pasting = useRef(false);
  // Repeated Tab on the same `@` candidates cycles through them.
  const cycle = useRef<{ list: string[]; index: number } | null>(null);

  // A picker opening takes the keys: Ink moves its listeners in effects, after the render, so
  // keys arriving in between must not land in the prompt.
  const active = useRef(props.active);
  active.current = props.active;

  const handle = (input: string, key: Key) => {
    if (!active.current) return;
    if (PASTE_START.includes(input)) {
      pasting.current = true;
      return;
    }
    if (PASTE_END.includes(input)) {
      pasting.current = false;
      return;
    }
    if (pasting.current) {
      props.onActivity?.();
      const text = key.return ? "\n" : key.tab ? "\t" : input;
      return update(edit.insertText(current.current, text.replace(/\r\n?/g, "\n")));
    }
    if (!key.ctrl && !key.meta && isKeyBurst(input)) {
      for (const part of splitBurst(input)) handleKey(part.input, part.key);
      return;
    }
    handleKey(input, key);
  };

  const completeMention = (b: InputBuffer): boolean => {
    const mention = mentionAtCursor(b.text, b.cursor);
    if (!mention) return false;
    const previous = cycle.current;
    let choice: string | undefined;
    let list: string[];
    if (
      previous &&
      previous.list.length > 1 &&
      b.text.slice(mention.start + 1, b.cursor) === previous.list[previous.index]
    ) {
      list = previous.list;
      const index = (previous.index + 1) % list.length;
      cycle.current = { list, index };
      choice = list[index];
    } else {
      list = fuzzyMatch(props.files?.() ?? [], mention.partial, 12);
      if (list.length === 0) {
        const listed = (props.files?.().length ?? 0) > 0;
        setCandidates(listed ? ["(no matching file)"] : ["(listing files…)"]);
        if (!listed && props.filesListed) {
          const before = b.text;
          void props.filesListed().then(() => {
            if (current.current.text === before && (props.files?.().length ?? 0) > 0)
              completeMention(current.current);
          });
        }
        return true;
      }
      cycle.current = { list, index: 0 };
      choice = list[0];
    }
    setCandidates(list.length > 1 ? list.map((f) => (f === choice ? `[${f}]` : f)) : []);
    const replaced = mentionText(choice!) + (list.length === 1 && !choice!.endsWith("/") ? " " : "");
    const text = b.text.slice(0, mention.start) + replaced + b.text.slice(b.cursor);
    update({ text, cursor: mention.start + replaced.length });
    return true;
  };

  const handleKey = (input: string, key: Key) => {
    const b = current.current;
    if (key.ctrl && input === "c") {
      if (props.busy) return props.onInterrupt();
      if (b.text === "") return props.onExitKey("ctrl-c");
      browse.current = null;
      return update(emptyBuffer);
    }
    if (key.escape) {
      if (props.onEscape) return props.onEscape();
      if (props.busy) return props.onInterrupt();
      return;
    }
    props.onActivity?.();
    if (key.ctrl && input === "d") {
      if (b.text === "" && !props.busy) return props.onExitKey("ctrl-d");
      return update(edit.deleteForward(b));
    }
    if (key.ctrl && input === "o") return props.onExpand();
    if (key.return || input === XTERM_SHIFT_ENTER) {
      if (key.shift || key.meta || input === XTERM_SHIFT_ENTER) return update(edit.insertText(b, "\n"));
      if (b.text.slice(0, b.cursor).endsWith("\\")) {
        return update(edit.insertText(edit.backspace(b), "\n"));
      }
      if (b.text.trim() === "") return props.onEmptyEnter?.();
      return submit(b.text);
    }
    if (key.tab && key.shift) return props.onCycleMode?.();
    if (key.tab) return complete(b);
    if (key.upArrow) {
      if (b.text === "" && props.queued?.length) {
        const taken = props.takeQueued?.();
        if (taken !== undefined) return update(edit.fromText(taken));
      }
      if (edit.onFirstLine(b) && historyStep(-1)) return;
      return update(edit.moveVertical(b, -1));
    }
    if (key.downArrow) {
      if (edit.onLastLine(b) && historyStep(1)) return;
      return update(edit.moveVertical(b, 1));
    }
    if (key.leftArrow) return update(edit.moveLeft(b));
    if (key.rightArrow) return update(edit.moveRight(b));
    if (key.home || (key.ctrl && input === "a")) return update(edit.lineStart(b));
    if (key.end || (key.ctrl && input === "e")) return update(edit.lineEnd(b));
    if (key.backspace || key.delete) return update(edit.backspace(b));
    if (key.ctrl && input === "u") return update(edit.killToLineStart(b));
    if (key.ctrl && input === "k") return update(edit.killToLineEnd(b));
    if (key.ctrl && input === "w") return update(edit.deleteWordBack(b));
    if (key.ctrl || key.meta || input === "") return;
    insertTyped(b, input);
  };

  // Typed keys arrive one by one; a paste (or keys that arrived together) comes as one string.
  // A lone trailing Enter means "typed, then Enter"; Enters inside the text are a pasted newline.
  const complete = (b: InputBuffer) => {
    if (completeMention(b)) return;
    cycle.current = null;
    const completion = completeInput(b.text, props.sessionIds?.(), props.commandNames?.());
    setCandidates(completion.candidates.length > 1 ? completion.candidates : []);
    update(edit.fromText(completion.text));
  };

  const insertTyped = (b: InputBuffer, input: string) => {
    // Keys typed while the app was busy arrive together: a lone trailing Tab is still a Tab.
    if (/^[^\t\r\n]+\t$/.test(input)) return complete(edit.insertText(b, input.slice(0, -1)));
    const text = input.replace(/\r\n?/g, "\n");
    const endsWithEnter = /[^\n]\r$/.test(input) && !text.slice(0, -1).includes("\n");
    if (endsWithEnter) {
      const next = edit.insertText(b, text.slice(0, -1));
      if (next.text.trim() === "") return update(next);
      // A trailing `\` then Enter is a new line, typed slowly or in one chunk alike.
      if (next.text.slice(0, next.cursor).endsWith("\\"))
        return update(edit.insertText(edit.backspace(next), "\n"));
      return submit(next.text);
    }
    update(edit.insertText(b, text));
  };

  useInput(handle, { isActive: props.active });

  return (
    <Box flexDirection="column">
      <PromptText buffer={buffer} showCursor={props.active} />
      {props.queued?.map((q, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: queued messages may repeat; position is identity
        <Text key={i} dimColor wrap="truncate-end">
          {"  ⧗ "}
          {q.replace(/\s+/g, " ")}
        </Text>
      ))}
      {candidates.length > 0 ? <Text dimColor>{candidates.join("  ")}</Text> : null}
    </Box>
  );
}

/** The text with an inverse-video cursor; long input shows only the lines around the cursor. */
export function PromptText({ buffer, showCursor }: { buffer: InputBuffer; showCursor: boolean }) {
  const marked = `${buffer.text.slice(0, buffer.cursor)}\u0000${buffer.text.slice(buffer.cursor)}`;
  const lines = marked.split("\n");
  const cursorLine = lines.findIndex((l) => l.includes("\u0000"));
  const first = Math.max(0, Math.min(cursorLine - MAX_VISIBLE_LINES + 1, lines.length - MAX_VISIBLE_LINES));
  const shown = lines.slice(first, first + MAX_VISIBLE_LINES);
  return (
    <Box flexDirection="column">
      {first > 0 ? <Text dimColor>… {first} more lines above</Text> : null}
      {shown.map((line, i) => {
        const [left, right] = line.split("\u0000");
        const under = right ? String.fromCodePoint(right.codePointAt(0)!) : "";
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity but their position
          <Text key={i}>
            <Text color="cyan" bold>
              {first + i === 0 ? "> " : "  "}
            </Text>
            {left}
            {right === undefined ? null : (
              <>
                {showCursor ? <Text inverse>{under || " "}</Text> : under}
                {right.slice(under.length)}
              </>
            )}
          </Text>
        );
      })}
      {first + MAX_VISIBLE_LINES < lines.length ? (
        <Text dimColor>… {lines.length - first - MAX_VISIBLE_LINES} more lines below</Text>
      ) : null}
    </Box>
  );
}

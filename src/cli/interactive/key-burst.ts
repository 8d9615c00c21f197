// Keys that reach the prompt in one chunk (a slow link, `tmux send-keys "/lo" Tab`) are typed keys,
// not text: Tab completes and Ctrl-U deletes inside a burst too. Only a bracketed paste (the terminal
// marks it with ESC[200~ ... ESC[201~) is inserted as literal text.
import type { Key } from "ink";

export const PASTE_START = ["[200~", "\u001b[200~"];
export const PASTE_END = ["[201~", "\u001b[201~"];

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** Control bytes typed in a burst, as the key Ink would have reported alone. */
const CONTROL: Record<string, Partial<Key> & { input?: string }> = {
  "\t": { tab: true },
  "\u007f": { backspace: true },
  "\b": { backspace: true },
  "\u0015": { ctrl: true, input: "u" },
  "\u0001": { ctrl: true, input: "a" },
  "\u0005": { ctrl: true, input: "e" },
  "\u000b": { ctrl: true, input: "k" },
  "\u0017": { ctrl: true, input: "w" },
  "\u000f": { ctrl: true, input: "o" },
};

/** True when `input` holds control keys that must be handled one by one. */
export function isKeyBurst(input: string): boolean {
  return input.length > 1 && /[\t\u007f\b\u0015\u0001\u0005\u000b\u0017\u000f]/.test(input);
}

/**
 * The burst as a list of (input, key) events: runs of text stay together (they are inserted as
 * typed), each control byte becomes its key. Enter (`\r`) stays in the text, where the prompt's own
 * rule applies (a trailing Enter sends, an inner one is a new line).
 */
export function splitBurst(input: string): Array<{ input: string; key: Key }> {
  const out: Array<{ input: string; key: Key }> = [];
  let text = "";
  for (const ch of input) {
    const control = CONTROL[ch];
    if (!control) {
      text += ch;
      continue;
    }
    if (text) out.push({ input: text, key: NO_KEY });
    text = "";
    const { input: keyInput, ...flags } = control;
    out.push({ input: keyInput ?? "", key: { ...NO_KEY, ...flags } });
  }
  if (text) out.push({ input: text, key: NO_KEY });
  return out;
}

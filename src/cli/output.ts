// The CLI's way to print. Every string printed by a command may carry text from a session file or a
// model (ids, names, timestamps, tool names, messages), so nothing reaches stdout or stderr without
// passing the one sanitiser: human text is stripped of escapes and controls, JSON gets them escaped.
// test/cli/output-boundary.test.ts fails when a command writes to process.stdout/stderr directly.
import { escapeJsonForTerminal, sanitizeForTerminal } from "./sanitize.js";

/** Human-readable text to stdout, sanitised. */
export function writeOut(text: string): void {
  process.stdout.write(sanitizeForTerminal(text));
}

/** Human-readable text to stderr, sanitised. */
export function writeErr(text: string): void {
  process.stderr.write(sanitizeForTerminal(text));
}

/**
 * Notes printed before the terminal UI starts, sanitised and, on a terminal, wrapped at word
 * boundaries to its width (continuation lines indented), so the terminal never breaks a word.
 */
export function writeErrWrapped(text: string): void {
  const columns = process.stderr.isTTY ? process.stderr.columns : undefined;
  const clean = sanitizeForTerminal(text);
  process.stderr.write(columns ? wrapWords(clean, columns) : clean);
}

/** Each line of `text` cut at spaces to fit `columns` (a word longer than a line is cut as it is). */
export function wrapWords(text: string, columns: number): string {
  const width = Math.max(20, columns - 1);
  return text
    .split("\n")
    .map((line) => {
      if (line.length <= width) return line;
      const out: string[] = [];
      let rest = line;
      let prefix = "";
      while (prefix.length + rest.length > width) {
        const room = width - prefix.length;
        let cut = rest.lastIndexOf(" ", room);
        if (cut <= 0) cut = room;
        out.push(prefix + rest.slice(0, cut).trimEnd());
        rest = rest.slice(cut).trimStart();
        prefix = "  ";
      }
      out.push(prefix + rest);
      return out.join("\n");
    })
    .join("\n");
}

/**
 * A progress line on stderr that starts with a carriage return (redrawn in place). `text` is sanitised;
 * only the leading "\r" is ours.
 */
export function writeProgress(text: string): void {
  process.stderr.write(`\r${sanitizeForTerminal(text)}`);
}

/** A value as JSON on stdout (pretty unless `indent` is 0), terminal-unsafe characters escaped. */
export function writeJson(value: unknown, indent = 2): void {
  writeJsonText(`${JSON.stringify(value, null, indent || undefined)}\n`);
}

/** JSON that is already text (a session file, an export) to stdout, terminal-unsafe characters escaped. */
export function writeJsonText(json: string): void {
  process.stdout.write(escapeJsonForTerminal(json));
}

// Select Graphic Rendition only (colours, bold): the one escape our own formatters add.
const SGR = /\u001b\[[0-9;]*m/g;

/**
 * Text coloured by our own formatter (e.g. search highlights) to stdout: everything is sanitised
 * except SGR colour codes, which can only change how text looks.
 */
export function writeOutColored(text: string): void {
  const parts = text.split(SGR);
  const codes = text.match(SGR) ?? [];
  let out = "";
  parts.forEach((part, i) => {
    out += sanitizeForTerminal(part) + (codes[i] ?? "");
  });
  process.stdout.write(out);
}

// Carriage returns and CSI sequences (cursor moves, erase, modes such as bracketed paste): no text.
const TERMINAL_CONTROL = /^(?:\r|\u001b\[[0-9;?]*[A-Za-z])+$/;

/**
 * Terminal control of our own (bracketed paste on/off, moving up and erasing the early prompt) to
 * stdout. Only carriage returns and CSI sequences pass; anything else is a programming error.
 */
export function writeTerminalControl(sequence: string): void {
  if (!TERMINAL_CONTROL.test(sequence)) throw new Error("writeTerminalControl takes control sequences only");
  process.stdout.write(sequence);
}

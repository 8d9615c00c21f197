// The prompt's text and cursor as a plain value, so editing is testable without a terminal.
export interface InputBuffer {
  text: string;
  /** Offset into text (UTF-16 units), 0..text.length. */
  cursor: number;
}

export const emptyBuffer: InputBuffer = { text: "", cursor: 0 };

export function insertText(b: InputBuffer, s: string): InputBuffer {
  return { text: b.text.slice(0, b.cursor) + s + b.text.slice(b.cursor), cursor: b.cursor + s.length };
}

export function backspace(b: InputBuffer): InputBuffer {
  if (b.cursor === 0) return b;
  const step = isLowSurrogate(b.text, b.cursor - 1) ? 2 : 1;
  return { text: b.text.slice(0, b.cursor - step) + b.text.slice(b.cursor), cursor: b.cursor - step };
}

export function deleteForward(b: InputBuffer): InputBuffer {
  if (b.cursor >= b.text.length) return b;
  const step = isLowSurrogate(b.text, b.cursor + 1) ? 2 : 1;
  return { text: b.text.slice(0, b.cursor) + b.text.slice(b.cursor + step), cursor: b.cursor };
}

export function moveLeft(b: InputBuffer): InputBuffer {
  const step = isLowSurrogate(b.text, b.cursor - 1) ? 2 : 1;
  return { ...b, cursor: Math.max(0, b.cursor - step) };
}

export function moveRight(b: InputBuffer): InputBuffer {
  const step = isLowSurrogate(b.text, b.cursor + 1) ? 2 : 1;
  return { ...b, cursor: Math.min(b.text.length, b.cursor + step) };
}

export function lineStart(b: InputBuffer): InputBuffer {
  return { ...b, cursor: b.text.lastIndexOf("\n", b.cursor - 1) + 1 };
}

export function lineEnd(b: InputBuffer): InputBuffer {
  const end = b.text.indexOf("\n", b.cursor);
  return { ...b, cursor: end === -1 ? b.text.length : end };
}

/** Ctrl+U: delete from the start of the line to the cursor. */
export function killToLineStart(b: InputBuffer): InputBuffer {
  const start = lineStart(b).cursor;
  return { text: b.text.slice(0, start) + b.text.slice(b.cursor), cursor: start };
}

/** Ctrl+K: delete from the cursor to the end of the line. */
export function killToLineEnd(b: InputBuffer): InputBuffer {
  const end = lineEnd(b).cursor;
  return { text: b.text.slice(0, b.cursor) + b.text.slice(end), cursor: b.cursor };
}

/** Ctrl+W: delete the word before the cursor. */
export function deleteWordBack(b: InputBuffer): InputBuffer {
  const before = b.text.slice(0, b.cursor).replace(/\S+\s*$|\s+$/, "");
  return { text: before + b.text.slice(b.cursor), cursor: before.length };
}

/** Cursor on the first line: Up goes to history instead of moving within the text. */
export function onFirstLine(b: InputBuffer): boolean {
  return !b.text.slice(0, b.cursor).includes("\n");
}

export function onLastLine(b: InputBuffer): boolean {
  return !b.text.slice(b.cursor).includes("\n");
}

/** Up/Down within multi-line text, keeping the column where possible. */
export function moveVertical(b: InputBuffer, direction: -1 | 1): InputBuffer {
  const start = lineStart(b).cursor;
  const column = b.cursor - start;
  if (direction === -1) {
    if (start === 0) return b;
    const prevStart = b.text.lastIndexOf("\n", start - 2) + 1;
    return { ...b, cursor: Math.min(prevStart + column, start - 1) };
  }
  const end = lineEnd(b).cursor;
  if (end >= b.text.length) return b;
  const nextEnd = lineEnd({ ...b, cursor: end + 1 }).cursor;
  return { ...b, cursor: Math.min(end + 1 + column, nextEnd) };
}

export function fromText(text: string): InputBuffer {
  return { text, cursor: text.length };
}

function isLowSurrogate(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff;
}

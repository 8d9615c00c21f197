// Splits a byte stream into lines in bounded memory. A line longer than `maxChars` is cut: only its
// start is kept (a few KB), the rest is counted, never stored. One 600 MB line therefore costs what a
// short one does, where a string-building reader dies with "RangeError: Invalid string length".
import { isAscii } from "node:buffer";

/** Bytes kept per line: enough for `maxChars` characters of any UTF-8 width. */
const BYTES_PER_CHAR = 4;

export type LineHandler = (text: string, omittedChars: number) => void;

export class LineSplitter {
  private parts: Buffer[] = [];
  private keptBytes = 0;
  private droppedChars = 0;
  private pending = false;
  private readonly keepBytes: number;

  constructor(
    private readonly maxChars: number,
    private readonly onLine: LineHandler,
  ) {
    this.keepBytes = maxChars * BYTES_PER_CHAR + BYTES_PER_CHAR;
  }

  write(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(10, start);
      const end = nl === -1 ? chunk.length : nl;
      this.take(chunk, start, end);
      if (nl === -1) return;
      this.emit();
      start = nl + 1;
    }
  }

  /** Emits the last line when the stream did not end with a newline (like readline). */
  end(): void {
    if (this.pending) this.emit();
  }

  private take(chunk: Buffer, start: number, end: number): void {
    if (start === end) {
      this.pending = true;
      return;
    }
    this.pending = true;
    const room = Math.max(0, this.keepBytes - this.keptBytes);
    const keepEnd = Math.min(end, start + room);
    if (keepEnd > start) {
      this.parts.push(Buffer.from(chunk.subarray(start, keepEnd)));
      this.keptBytes += keepEnd - start;
    }
    if (keepEnd < end) this.droppedChars += utf16Length(chunk, keepEnd, end);
  }

  private emit(): void {
    let bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    if (this.droppedChars === 0 && bytes.length > 0 && bytes[bytes.length - 1] === 13) {
      bytes = bytes.subarray(0, bytes.length - 1); // CRLF ends a line as LF does
    }
    let text = bytes.toString("utf8");
    let omitted = this.droppedChars;
    if (text.length > this.maxChars) {
      omitted += text.length - this.maxChars;
      text = text.slice(0, this.maxChars);
    }
    this.parts = [];
    this.keptBytes = 0;
    this.droppedChars = 0;
    this.pending = false;
    this.onLine(text, omitted);
  }
}

/** How many UTF-16 code units the UTF-8 bytes in [start, end) decode to (without building a string). */
function utf16Length(bytes: Buffer, start: number, end: number): number {
  if (isAscii(bytes.subarray(start, end))) return end - start;
  let units = 0;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if ((b & 0xc0) !== 0x80) units += b >= 0xf0 ? 2 : 1;
  }
  return units;
}

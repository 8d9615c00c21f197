// Collects a stream's text in bounded memory: the first chunk of output and a rolling tail, with
// counts of everything in between. A command printing a gigabyte costs a few dozen KB here.
import { StringDecoder } from "node:string_decoder";
import { countNewlines, joinHeadTail, MAX_OUTPUT_CHARS, takeHead, takeTail } from "./truncate.js";

const KEEP_CHARS = MAX_OUTPUT_CHARS;

export class BoundedOutput {
  private readonly decoder = new StringDecoder("utf8");
  private head = "";
  private tail = "";
  private totalChars = 0;
  private totalNewlines = 0;
  private headFull = false;

  write(chunk: Buffer | string): void {
    this.add(typeof chunk === "string" ? chunk : this.decoder.write(chunk));
  }

  /** The text, or its head and tail around a marker counting what was cut. */
  finish(): string {
    this.add(this.decoder.end());
    const dropped = this.totalChars - this.head.length - this.tail.length;
    if (dropped === 0) return this.head + this.tail;
    const head = takeHead(this.head);
    const tail = takeTail(this.tail);
    const omittedChars = this.totalChars - head.length - tail.length;
    const omittedNewlines = this.totalNewlines - countNewlines(head) - countNewlines(tail);
    return joinHeadTail(head, tail, omittedNewlines, omittedChars);
  }

  private add(text: string): void {
    if (text === "") return;
    this.totalChars += text.length;
    this.totalNewlines += countNewlines(text);
    if (!this.headFull) {
      const room = KEEP_CHARS - this.head.length;
      this.head += text.slice(0, room);
      if (text.length < room) return;
      this.headFull = true;
      text = text.slice(room);
    }
    this.tail += text;
    // Trim lazily (at twice the size) so each chunk is not a full copy of the tail.
    if (this.tail.length > 2 * KEEP_CHARS) this.tail = this.tail.slice(-KEEP_CHARS);
  }
}

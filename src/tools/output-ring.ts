// The unread output of a background shell, in bounded memory: the newest `capacity` bytes are
// kept, older ones are dropped and counted. Reading takes everything unread (and the count), so
// each read returns only what was written since the one before.
import { StringDecoder } from "node:string_decoder";

export const SHELL_BUFFER_BYTES = 1024 * 1024;

export interface RingRead {
  text: string;
  /** Bytes written since the last read that were dropped to keep within the capacity. */
  droppedBytes: number;
}

export class OutputRing {
  private chunks: Buffer[] = [];
  private size = 0;
  private dropped = 0;
  private decoder = new StringDecoder("utf8");
  /** Everything ever written, for /ps and results ("12 KB written"). */
  totalBytes = 0;

  constructor(readonly capacity = SHELL_BUFFER_BYTES) {}

  write(chunk: Buffer): void {
    this.totalBytes += chunk.length;
    if (chunk.length >= this.capacity) {
      this.dropped += this.size + chunk.length - this.capacity;
      this.chunks = [chunk.subarray(chunk.length - this.capacity)];
      this.size = this.capacity;
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.capacity) {
      const first = this.chunks[0]!;
      const excess = this.size - this.capacity;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
        this.dropped += first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
        this.dropped += excess;
      }
    }
  }

  /** Bytes waiting to be read. */
  get unreadBytes(): number {
    return this.size;
  }

  /** Everything unread, as text; a character split across reads is completed by the next one. */
  take(): RingRead {
    let bytes = Buffer.concat(this.chunks);
    const droppedBytes = this.dropped;
    this.chunks = [];
    this.size = 0;
    this.dropped = 0;
    if (droppedBytes > 0) {
      // The cut may fall inside a character: start at the next character's first byte.
      this.decoder = new StringDecoder("utf8");
      let start = 0;
      while (start < bytes.length && start < 3 && (bytes[start]! & 0xc0) === 0x80) start++;
      bytes = bytes.subarray(start);
    }
    return { text: this.decoder.write(bytes), droppedBytes };
  }
}

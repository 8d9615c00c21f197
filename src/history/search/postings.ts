// Building posting records: one 20-byte record per (word, document), grouped by bucket until flushed.
//   0 u32 word hash a · 4 u16 word hash b · 6 u8 role · 7 u8 count (capped at 255)
//   8 u32 session sid · 12 u32 message index (0xffffffff: name and tags) · 16 u32 time (epoch s)
import { appendBucket, BUCKETS, bucketOf, RECORD } from "./store.js";
import { wordCounts, wordHash } from "./tokenize.js";

const FLUSH_RECORDS = 1 << 20;

export class PostingWriter {
  private readonly buckets: Buffer[] = [];
  private readonly used: number[] = new Array(BUCKETS).fill(0);
  private pending = 0;
  written = 0;
  private readonly hashes = new Map<string, { a: number; b: number }>();

  constructor(private readonly dir: string) {}

  add(text: string, sid: number, message: number, role: number, time: number): void {
    for (const [word, count] of wordCounts(text)) {
      let hash = this.hashes.get(word);
      if (!hash) {
        hash = wordHash(word);
        if (this.hashes.size > 500_000) this.hashes.clear();
        this.hashes.set(word, hash);
      }
      const bucket = bucketOf(hash.a);
      let buf = this.buckets[bucket];
      const at = this.used[bucket]!;
      if (!buf || at + RECORD > buf.length) {
        const bigger = Buffer.allocUnsafe(Math.max(4096, (buf?.length ?? 0) * 2));
        buf?.copy(bigger, 0, 0, at);
        buf = bigger;
        this.buckets[bucket] = buf;
      }
      buf.writeUInt32LE(hash.a, at);
      buf.writeUInt16LE(hash.b, at + 4);
      buf[at + 6] = role;
      buf[at + 7] = Math.min(count, 255);
      buf.writeUInt32LE(sid, at + 8);
      buf.writeUInt32LE(message >>> 0, at + 12);
      buf.writeUInt32LE(time >>> 0, at + 16);
      this.used[bucket] = at + RECORD;
      if (++this.pending >= FLUSH_RECORDS) this.flush();
    }
  }

  /** Appends everything gathered so far to the bucket files. */
  flush(): void {
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      const used = this.used[bucket]!;
      if (used === 0) continue;
      appendBucket(this.dir, bucket, this.buckets[bucket]!.subarray(0, used));
      this.used[bucket] = 0;
      if (this.buckets[bucket]!.length > 1 << 20) this.buckets[bucket] = Buffer.allocUnsafe(4096);
    }
    this.written += this.pending;
    this.pending = 0;
  }
}

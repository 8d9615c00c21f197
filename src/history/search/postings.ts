// Building posting records: one 20-byte record per (word, document), grouped by bucket until
// flushed. Five native-endian u32 (the index is a cache of this machine's files):
//   0 word hash a · 1 word hash b (low 16 bits) | role << 16 | count (capped at 255) << 24
//   2 session sid · 3 message index (0xffffffff: name and tags) · 4 time (epoch seconds)
import { appendBucket, BUCKETS, bucketOf, RECORD } from "./store.js";
import { forEachWordHash } from "./tokenize.js";

const FLUSH_RECORDS = 1 << 20;
const WORDS = RECORD / 4;

export class PostingWriter {
  private readonly buckets: Uint32Array[] = [];
  private readonly used: number[] = new Array(BUCKETS).fill(0);
  private pending = 0;
  private readonly counts = new Map<number, number>();

  constructor(private readonly dir: string) {}

  add(text: string, sid: number, message: number, role: number, time: number): void {
    const counts = this.counts;
    counts.clear();
    forEachWordHash(text, (a, b) => {
      const key = a * 65536 + b;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    });
    for (const [key, count] of counts) {
      const a = Math.floor(key / 65536);
      const b = key - a * 65536;
      const bucket = bucketOf(a);
      let records = this.buckets[bucket];
      const at = this.used[bucket]!;
      if (!records || at + WORDS > records.length) {
        const bigger = new Uint32Array(Math.max(1024, (records?.length ?? 0) * 2));
        if (records) bigger.set(records.subarray(0, at));
        records = bigger;
        this.buckets[bucket] = records;
      }
      records[at] = a;
      records[at + 1] = (b | (role << 16) | (Math.min(count, 255) << 24)) >>> 0;
      records[at + 2] = sid;
      records[at + 3] = message >>> 0;
      records[at + 4] = time >>> 0;
      this.used[bucket] = at + WORDS;
      if (++this.pending >= FLUSH_RECORDS) this.flush();
    }
  }

  /** Appends everything gathered so far to the bucket files. */
  flush(): void {
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      const used = this.used[bucket]!;
      if (used === 0) continue;
      const records = this.buckets[bucket]!;
      appendBucket(this.dir, bucket, Buffer.from(records.buffer, records.byteOffset, used * 4));
      this.used[bucket] = 0;
      if (records.length > 1 << 18) this.buckets[bucket] = new Uint32Array(1024);
    }
    this.pending = 0;
  }
}

// Words for the search index: runs of letters, digits and `_`, lower-cased, 1 to 64 characters.
// The same function splits documents and queries, so a query word matches exactly the words that
// were indexed (no stemming, no prefixes). Each word is reduced to a 48-bit hash for the index.

const WORD = /[\p{L}\p{N}_]+/gu;
const MAX_WORD = 64;

/** The distinct words of `text` with how often each occurs. */
export function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const word = match[0];
    if (word.length > MAX_WORD) continue;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

/** The words of `text` in order (duplicates kept). */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) if (match[0].length <= MAX_WORD) out.push(match[0]);
  return out;
}

/** Two independent FNV-1a hashes of a word: `a` picks the bucket and both identify the word. */
export function wordHash(word: string): { a: number; b: number } {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return { a: a >>> 0, b: (b ^ (b >>> 13)) & 0xffff };
}

// Words for the search index: runs of letters, digits and `_`, lower-cased, 1 to 64 characters.
// The same rules split documents and queries, so a query word matches exactly the words that were
// indexed (no stemming, no prefixes). The index keeps a 48-bit hash of each word, computed while
// scanning (no word strings are made when indexing: that is most of the cost of a first build).

const MAX_WORD = 64;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const nonAscii = new Map<number, boolean>();

/** True for a letter, digit or `_` (the text is already lower-cased). */
function isWordChar(code: number, text: string, i: number): boolean {
  if (code < 128)
    return (
      (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95 || (code >= 65 && code <= 90)
    );
  let known = nonAscii.get(code);
  if (known === undefined) {
    // Surrogate pairs: judge the whole code point.
    const cp = text.codePointAt(i) ?? code;
    known = WORD_CHAR.test(String.fromCodePoint(cp));
    if (code < 0xd800 || code > 0xdfff) nonAscii.set(code, known);
  }
  return known;
}

const A0 = 0x811c9dc5;
const B0 = 0x01000193 ^ 0x5bd1e995;

/** Calls `each(a, b)` with the two hashes of every word of `text` (repeats included). */
export function forEachWordHash(text: string, each: (a: number, b: number) => void): void {
  const lower = text.toLowerCase();
  const n = lower.length;
  let i = 0;
  while (i < n) {
    let code = lower.charCodeAt(i);
    if (!isWordChar(code, lower, i)) {
      i++;
      continue;
    }
    const start = i;
    let a = A0;
    let b = B0;
    while (i < n && isWordChar(code, lower, i)) {
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x5bd1e995) ^ (b >>> 15);
      code = lower.charCodeAt(++i);
    }
    if (i - start <= MAX_WORD) each(a >>> 0, (b ^ (b >>> 13)) & 0xffff);
  }
}

/** The two hashes of one word (already a single word). */
export function wordHash(word: string): { a: number; b: number } {
  let out = { a: 0, b: 0 };
  forEachWordHash(word, (a, b) => {
    out = { a, b };
  });
  return out;
}

/** The words of `text` in order (duplicates kept). */
export function words(text: string): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  let i = 0;
  while (i < lower.length) {
    if (!isWordChar(lower.charCodeAt(i), lower, i)) {
      i++;
      continue;
    }
    const start = i;
    while (i < lower.length && isWordChar(lower.charCodeAt(i), lower, i)) i++;
    if (i - start <= MAX_WORD) out.push(lower.slice(start, i));
  }
  return out;
}

/** The distinct words of `text` with how often each occurs. */
export function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of words(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

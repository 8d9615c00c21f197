// Finds where a text that did not match exactly most nearly occurs in a file, so edit can show the
// model the lines it probably meant (usually whitespace or a stale copy).

export interface ClosestWindow {
  /** 0-based index of the first line of the window. */
  start: number;
  /** Mean line similarity, 0..1. */
  score: number;
}

/** The window of `wanted.length` consecutive lines in `lines` most similar to `wanted`. */
export function closestWindow(lines: string[], wanted: string[]): ClosestWindow | undefined {
  if (lines.length === 0 || wanted.length === 0) return undefined;
  const size = Math.min(wanted.length, lines.length);
  const fileGrams = lines.map((l) => bigrams(l));
  const wantedGrams = wanted.map((l) => bigrams(l));
  let best: ClosestWindow | undefined;
  for (let start = 0; start + size <= lines.length; start++) {
    let total = 0;
    for (let i = 0; i < size; i++) total += dice(fileGrams[start + i]!, wantedGrams[i]!);
    const score = total / wanted.length;
    if (!best || score > best.score) best = { start, score };
  }
  return best;
}

type Grams = Map<string, number>;

// Whitespace-insensitive: indentation mistakes are the most common miss, and should still look close.
function bigrams(line: string): Grams {
  const text = line.replace(/\s+/g, " ").trim();
  const grams: Grams = new Map();
  if (text.length === 1) grams.set(text, 1);
  for (let i = 0; i < text.length - 1; i++) {
    const gram = text.slice(i, i + 2);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

/** Sørensen–Dice coefficient over bigram multisets. Two blank lines are identical. */
function dice(a: Grams, b: Grams): number {
  if (a.size === 0 && b.size === 0) return 1;
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  let sizeA = 0;
  let sizeB = 0;
  for (const count of a.values()) sizeA += count;
  for (const count of b.values()) sizeB += count;
  for (const [gram, count] of a) shared += Math.min(count, b.get(gram) ?? 0);
  return (2 * shared) / (sizeA + sizeB);
}

// Finds secrets in a string and replaces each, whole, with [REDACTED].
// Two detectors: secretlint's recommended rules and our own patterns (secrets-patterns.ts). Every range
// is widened to the end of its token (secretlint's AWS secret range, for one, stops short), overlapping
// ranges are merged, and each merged range counts as one redaction.
import { patternRanges, type SecretRange } from "./secrets-patterns.js";
import { secretlintRanges } from "./secrets-secretlint.js";

export const REDACTED = "[REDACTED]";

const URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:([^\s@/]+)@/i;
const DEFAULT_EXTEND = /[A-Za-z0-9_\-+/=]/;

const KEY_PREFIX = /^["']?[A-Za-z_][\w.-]*["']?\s*[:=]\s*["']?/;

// secretlint reports whole URLs for basic auth and connection strings: keep only the password, so the
// shared session still says which host was used. Its AWS secret range starts at the key and stops
// short of the value's end: keep the key, and widen the value to the end of its token.
function narrowSecretlint(text: string, range: SecretRange): SecretRange {
  const slice = text.slice(range.start, range.end);
  const url = URL_PASSWORD.exec(slice);
  if (url) {
    const start = range.start + url[0].length - 1 - url[1]!.length;
    return { start, end: start + url[1]!.length };
  }
  const key = KEY_PREFIX.exec(slice);
  const start = key && key[0].length < slice.length ? range.start + key[0].length : range.start;
  return { start, end: range.end, extend: DEFAULT_EXTEND };
}

function widen(text: string, range: SecretRange): SecretRange {
  let { start, end } = range;
  const chars = range.extend;
  if (chars) {
    // Never widen left over `=`: in base64 it is only trailing padding, and left of a value it is the
    // `KEY=` we want to keep.
    while (start > 0 && text[start - 1] !== "=" && chars.test(text[start - 1]!)) start--;
    while (end < text.length && chars.test(text[end]!)) end++;
  }
  return { start, end };
}

/** Merged, sorted, non-overlapping secret ranges in `text`. */
function findSecretRanges(text: string): SecretRange[] {
  const found = patternRanges(text);
  for (const r of secretlintRanges(text)) found.push(narrowSecretlint(text, r));
  return mergeRanges(found.map((r) => widen(text, r)));
}

/**
 * Secret values already found somewhere (in a session: anywhere in it). Every other occurrence of one
 * is a copy of the same secret (the command that used it, an output that echoed it, the answer that
 * quoted it) and is redacted too. Short values only count as whole tokens, so a 7-character password
 * does not eat the middle of an ordinary word.
 */
export class KnownSecrets {
  private readonly values = new Set<string>();
  private pattern: RegExp | undefined;

  /** Values shorter than this are not propagated: too likely to occur by chance. */
  static readonly MIN_LENGTH = 6;
  private static readonly WHOLE_TOKEN_BELOW = 12;

  add(value: string): void {
    if (value.length < KnownSecrets.MIN_LENGTH || value === REDACTED || this.values.has(value)) return;
    this.values.add(value);
    this.pattern = undefined;
  }

  addFoundIn(text: string): void {
    for (const r of findSecretRanges(text)) this.add(text.slice(r.start, r.end));
  }

  get size(): number {
    return this.values.size;
  }

  /** Ranges of every occurrence of a known value in `text`. */
  ranges(text: string): SecretRange[] {
    if (this.values.size === 0) return [];
    this.pattern ??= new RegExp(
      [...this.values]
        .sort((a, b) => b.length - a.length)
        .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join("|"),
      "g",
    );
    const out: SecretRange[] = [];
    for (const m of text.matchAll(this.pattern)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (m[0].length < KnownSecrets.WHOLE_TOKEN_BELOW && !isWholeToken(text, start, end)) continue;
      out.push({ start, end });
    }
    return out;
  }
}

function isWholeToken(text: string, start: number, end: number): boolean {
  const word = /[A-Za-z0-9]/;
  return !(start > 0 && word.test(text[start - 1]!)) && !(end < text.length && word.test(text[end]!));
}

/**
 * Replaces every secret in `text` with [REDACTED]; `count` is how many were replaced. A secret found
 * once is also removed where it appears again in the text, and so is every value in `known`.
 */
export function redactText(text: string, known?: KnownSecrets): { text: string; count: number } {
  // Cheap exit for the common case: no detector matches fewer than 6 characters (`pwd=x1`).
  if (text.length < 6) return { text, count: 0 };
  const found = findSecretRanges(text);
  const copies = new KnownSecrets();
  for (const r of found) copies.add(text.slice(r.start, r.end));
  const ranges = mergeRanges([...found, ...copies.ranges(text), ...(known?.ranges(text) ?? [])]);
  if (ranges.length === 0) return { text, count: 0 };
  let out = "";
  let at = 0;
  for (const r of ranges) {
    out += text.slice(at, r.start) + REDACTED;
    at = r.end;
  }
  return { text: out + text.slice(at), count: ranges.length };
}

function mergeRanges(ranges: SecretRange[]): SecretRange[] {
  const sorted = ranges.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretRange[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ start: r.start, end: r.end });
  }
  return merged;
}

// Our own secret patterns, for what secretlint's recommended preset misses or reports too narrowly
// (OpenAI project keys, Google, Hugging Face, OpenRouter, JWTs, bearer tokens, AWS key ids, `KEY=value`).
// Each finds the secret part of a match; the caller extends it to the whole token and redacts it.
import { commandRanges } from "./secrets-commands.js";
import { configRanges } from "./secrets-configs.js";
import { isPlaceholderValue, isPlainKeyKey, isSecretKey, looksLikeKeyValue } from "./secrets-keys.js";

/** A key naming a secret, or a plain `key` whose value is credential-shaped. */
const secretEntry = (key: string, value: string) =>
  isSecretKey(key) || (isPlainKeyKey(key) && looksLikeKeyValue(value));

export interface SecretRange {
  start: number;
  end: number;
  /** Characters the range may be widened over, so no fragment of the token is left beside [REDACTED]. */
  extend?: RegExp;
}

const ID = /[A-Za-z0-9_-]/;
const B64 = /[A-Za-z0-9_\-+/=]/;
const JWT_CHARS = /[A-Za-z0-9_\-.]/;

interface TokenPattern {
  regex: RegExp;
  /** The capture group holding the secret (0 = the whole match). */
  group?: number;
  extend?: RegExp;
  valid?: (secret: string) => boolean;
}

const hasDigit = (s: string) => /[0-9]/.test(s);
// "Bearer authentication" is prose; "Bearer eyJ..." / "Bearer 8f3a..." is a credential.
const looksLikeToken = (s: string) =>
  s.length >= 8 && !/^[A-Za-z][a-z]*$/.test(s) && (hasDigit(s) || /[A-Z]/.test(s));

// (?<![A-Za-z0-9]) instead of \b: keys often follow `_`, `=` or `-`, and `\b` fails between two word chars.
const TOKEN_PATTERNS: TokenPattern[] = [
  // OpenAI (sk-, sk-proj-, sk-svcacct-), Anthropic (sk-ant-), OpenRouter (sk-or-v1-), DeepSeek: all sk-
  { regex: /(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{20,}/g, extend: ID, valid: hasDigit },
  { regex: /(?<![A-Za-z0-9])[rs]k_(?:live|test)_[A-Za-z0-9]{10,}/g, extend: ID },
  { regex: /(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{30,}/g, extend: ID },
  { regex: /(?<![A-Za-z0-9])github_pat_[A-Za-z0-9_]{30,}/g, extend: ID },
  { regex: /(?<![A-Za-z0-9])glpat-[A-Za-z0-9_-]{20,}/g, extend: ID },
  { regex: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g, extend: ID },
  {
    regex: /aws_?secret[A-Za-z_]*["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{30,})/gi,
    group: 1,
    extend: B64,
  },
  { regex: /(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{30,}/g, extend: ID },
  { regex: /(?<![A-Za-z0-9])xox[abposre]-[A-Za-z0-9-]{10,}/g, extend: ID },
  { regex: /(?<![A-Za-z0-9])xapp-[A-Za-z0-9-]{20,}/g, extend: ID },
  { regex: /hooks\.slack\.com\/(?:services|workflows)\/([A-Za-z0-9/_-]+)/g, group: 1, extend: ID },
  { regex: /discord(?:app)?\.com\/api\/webhooks\/([0-9]+\/[A-Za-z0-9_-]+)/g, group: 1, extend: ID },
  { regex: /(?<![A-Za-z0-9])hf_[A-Za-z0-9]{30,}/g, extend: ID },
  { regex: /(?<![A-Za-z0-9])api_org_[A-Za-z0-9]{30,}/g, extend: ID },
  { regex: /(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36,}/g, extend: ID },
  { regex: /(?<![A-Za-z0-9])gsk_[A-Za-z0-9]{40,}/g, extend: ID },
  { regex: /(?<![A-Za-z0-9])xai-[A-Za-z0-9]{40,}/g, extend: ID },
  { regex: /(?<![A-Za-z0-9])SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{20,}/g, extend: ID },
  {
    regex:
      /-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\s\\]*)/g,
  },
  { regex: /(?<![A-Za-z0-9])eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, extend: JWT_CHARS },
  { regex: /\bbearer\s+([A-Za-z0-9._~+/-]+=*)/gi, group: 1, extend: B64, valid: looksLikeToken },
  {
    regex: /\bauthorization\\?["']?\s*[:=]\s*\\?["']?(?:basic|token|digest)\s+([A-Za-z0-9._~+/-]+=*)/gi,
    group: 1,
    extend: B64,
    valid: looksLikeToken,
  },
];

// Unquoted values that are code, not data: calls, dotted names (`self.api_key`), types (`ApiKey`).
function isCodeLike(value: string, key: string): boolean {
  if (value.includes("(")) return true;
  if (value === key) return true;
  if (/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)+$/.test(value)) return true;
  if (/^[A-Z][a-z]+(?:[A-Z][a-z]+)*$/.test(value)) return true;
  if (/[{[(,;:]$/.test(value) || value.startsWith("=") || value.startsWith("-")) return true;
  return false;
}

const QUOTED_VALUE =
  /(?:\\?["'])?([A-Za-z_][\w.-]*)(?:\\?["'])?[ \t]*(?::=|=>|:|=)[ \t]*\\?(["'`])([^\n]*?)\\?\2/dg;
const ENV_VALUE = /(?<=^|[\s;&?"'`(,{])(-{0,2}[A-Za-z_][\w.-]*)=([^\s"'`&;<>|]+)/dgm;
const LINE_VALUE = /^[ \t]*(?:-[ \t]+)?([A-Za-z_][\w.-]*)[ \t]*[:=][ \t]*([^\s"'`][^\s]*)[ \t]*$/dgm;
const FLAG_VALUE = /(?<=^|\s)--([A-Za-z][\w-]*)[ \t]+(?!-)("[^"\n]*"|'[^'\n]*'|[^\s"'`;&|<>]+)/dgm;

function stripQuotes(value: string): { value: string; offset: number } {
  const q = value[0];
  if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2) {
    return { value: value.slice(1, -1), offset: 1 };
  }
  return { value, offset: 0 };
}

/** `KEY=value`, `key: value`, `"key": "value"`, `--token value` where the key names a secret. */
function keyValueRanges(text: string, out: SecretRange[]): void {
  for (const m of text.matchAll(QUOTED_VALUE)) {
    const value = m[3]!;
    if (!secretEntry(m[1]!, value) || isPlaceholderValue(value) || /\s/.test(value) || value === m[1])
      continue;
    const [start, end] = m.indices![3]!;
    out.push({ start, end });
  }
  for (const re of [ENV_VALUE, LINE_VALUE]) {
    for (const m of text.matchAll(re)) {
      const key = m[1]!;
      if (!secretEntry(key, m[2]!) || isPlaceholderValue(m[2]!)) continue;
      const value = m[2]!.replace(/[,)\]}]+$/, "");
      // In a URL query (`?access_token=ya29.a0Af...`) a dotted value is data, not code.
      const inQuery = m.index! > 0 && /[?&]/.test(text[m.index! - 1]!);
      if (isPlaceholderValue(value) || (!inQuery && isCodeLike(value, key))) continue;
      const start = m.indices![2]![0];
      out.push({ start, end: start + value.length });
    }
  }
  for (const m of text.matchAll(FLAG_VALUE)) {
    const key = m[1]!;
    const { value, offset } = stripQuotes(m[2]!);
    if (!isSecretKey(key) || isPlaceholderValue(value) || (offset === 0 && isCodeLike(value, key))) continue;
    const start = m.indices![2]![0] + offset;
    out.push({ start, end: start + value.length });
  }
}

/** Every secret our own patterns find in `text`, unmerged and unextended. */
export function patternRanges(text: string): SecretRange[] {
  const out: SecretRange[] = [];
  for (const p of TOKEN_PATTERNS) {
    const group = p.group ?? 0;
    for (const m of text.matchAll(p.regex)) {
      const secret = m[group];
      if (secret === undefined || secret.length === 0) continue;
      if (p.valid && !p.valid(secret)) continue;
      const start = m.index! + (group === 0 ? 0 : m[0].lastIndexOf(secret));
      out.push({ start, end: start + secret.length, extend: p.extend });
    }
  }
  keyValueRanges(text, out);
  commandRanges(text, out);
  configRanges(text, out);
  return out;
}

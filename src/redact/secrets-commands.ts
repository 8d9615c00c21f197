// Secrets in command lines and headers that have no `KEY=value` shape: HTTP headers named like a
// secret (`-H "x-api-key: ..."`, `X-Auth-Token: ...`) and the password flags of common tools
// (`mysql -pSECRET`, `sshpass -p SECRET`, `curl -u user:SECRET`, `redis-cli -a SECRET`).
import { isPlaceholderValue, isSecretKey } from "./secrets-keys.js";
import type { SecretRange } from "./secrets-patterns.js";

// A header-style name (at least one hyphen: `X-Auth-Token`, `x-api-key`) then `: value`, anywhere.
const HEADER_VALUE = /(?<=^|[\s"'`])([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+)[ \t]*:[ \t]*([^\s"'`,;]+)/dgm;

// A value after a flag: "double quoted", 'single quoted', or a bare word.
const VALUE = `("[^"\\n]*"|'[^'\\n]*'|[^\\s"'\`;&|<>]+)`;
// The rest of the command before the flag, never crossing a line, pipe or command separator.
const ARGS = `[^\\n|;&]*?\\s`;

interface FlagRule {
  regex: RegExp;
  /** The part of the (unquoted) value that is secret: [start, end) within it, or undefined for none. */
  secretPart?: (value: string) => [number, number] | undefined;
}

const FLAG_RULES: FlagRule[] = [
  // mysql's password is glued to -p (`-p value` would prompt and read value as the database name).
  {
    regex: new RegExp(
      `(?<![\\w-])(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlshow|mariadb|mariadb-dump)\\b${ARGS}-p${VALUE}`,
      "dg",
    ),
  },
  { regex: new RegExp(`(?<![\\w-])sshpass\\b${ARGS.replace("\\s", "")}\\s?-p\\s*${VALUE}`, "dg") },
  { regex: new RegExp(`(?<![\\w-])redis-cli\\b${ARGS}-a\\s+${VALUE}`, "dg") },
  // curl -u user:password (the user name stays).
  {
    regex: new RegExp(`(?<![\\w-])curl\\b${ARGS}(?:-u|--user)(?:\\s+|=)${VALUE}`, "dg"),
    secretPart: (value) => {
      const colon = value.indexOf(":");
      return colon === -1 || colon === value.length - 1 ? undefined : [colon + 1, value.length];
    },
  },
];

// "Send X-Auth-Token: header values" is prose; a token has digits, or is long and mixed-case.
function looksLikeToken(value: string): boolean {
  if (value.length < 8) return false;
  return /[0-9]/.test(value) || (value.length >= 16 && /[A-Z]/.test(value) && /[a-z]/.test(value));
}

function unquote(value: string): { value: string; offset: number } {
  const q = value[0];
  if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) {
    return { value: value.slice(1, -1), offset: 1 };
  }
  return { value, offset: 0 };
}

/** Header and password-flag secrets in `text`, appended to `out`. */
export function commandRanges(text: string, out: SecretRange[]): void {
  for (const m of text.matchAll(HEADER_VALUE)) {
    const value = m[2]!;
    if (!isSecretKey(m[1]!) || isPlaceholderValue(value) || !looksLikeToken(value)) continue;
    const [start, end] = m.indices![2]!;
    out.push({ start, end });
  }
  for (const rule of FLAG_RULES) {
    for (const m of text.matchAll(rule.regex)) {
      const raw = m[1]!;
      const { value, offset } = unquote(raw);
      const part = rule.secretPart ? rule.secretPart(value) : [0, value.length];
      if (!part) continue;
      const secret = value.slice(part[0], part[1]);
      if (isPlaceholderValue(secret)) continue;
      const start = m.indices![1]![0] + offset + part[0];
      out.push({ start, end: start + secret.length });
    }
  }
}

// Secrets in the config files of common tools whose lines have no plain `key = value` shape:
// `.npmrc` (`//registry/:_authToken=...`), `.netrc` (`machine h login u password p`), `.pgpass`
// (`host:port:db:user:password`), XML settings (Maven's `<password>...</password>`), and URLs of any
// scheme carrying credentials (`scheme://user:password@host`, `scheme://:password@host`,
// `https://<token>@host`).
import { isPlaceholderValue, isSecretKey } from "./secrets-keys.js";
import type { SecretRange } from "./secrets-patterns.js";

// `.npmrc`: per-registry credentials are keyed `//host/path/:_authToken`, `:_auth`, `:_password`.
const NPMRC = /:_(?:authToken|auth|password)[ \t]*=[ \t]*([^\s"'`]+)/dg;
// `.netrc`: `password` follows `machine`/`default`, `login`, `account` tokens on the same line, or
// stands on its own line.
const NETRC =
  /^[ \t]*(?:(?:machine[ \t]+\S+|default)[ \t]+)?(?:(?:login|account)[ \t]+\S+[ \t]+)*password[ \t]+(\S+)[ \t]*$/dgm;
// `.pgpass`: hostname:port:database:username:password, `*` for any; `\:` escapes a colon.
const PGPASS =
  /^[A-Za-z0-9.*_-]+:(?:\d{1,5}|\*):(?:[^:\s\\]|\\.)+:(?:[^:\s\\]|\\.)+:((?:[^:\s\\]|\\.)+)[ \t]*$/dgm;
// `<password>value</password>` and other elements named like a secret.
const XML_ELEMENT = /<([A-Za-z][\w.-]*)>([^<>\s]+)<\/\1>/dg;
// Credentials in a URL: `user:password@` (the user may be empty) or a token alone as the user.
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"`<>]*:([^\s@/'"`<>]+)@/dgi;
const URL_TOKEN_USER = /\b[a-z][a-z0-9+.-]*:\/\/([A-Za-z0-9_-]{20,})@/dgi;

// A path or a variable where a secret would be (`${user.home}/.ssh/id_ed25519`, `~/.pgpass`).
const isReference = (value: string) => /^(?:\$|~|\.{0,2}\/)/.test(value);

function push(out: SecretRange[], m: RegExpMatchArray, group: number): void {
  const [start, end] = m.indices![group]!;
  out.push({ start, end });
}

export function configRanges(text: string, out: SecretRange[]): void {
  for (const re of [NPMRC, NETRC, PGPASS, URL_PASSWORD])
    for (const m of text.matchAll(re)) if (!isPlaceholderValue(m[1]!)) push(out, m, 1);
  for (const m of text.matchAll(URL_TOKEN_USER)) {
    const user = m[1]!;
    if (/[0-9]/.test(user) && /[A-Za-z]/.test(user)) push(out, m, 1);
  }
  for (const m of text.matchAll(XML_ELEMENT)) {
    const value = m[2]!;
    if (isSecretKey(m[1]!) && !isPlaceholderValue(value) && !isReference(value)) push(out, m, 2);
  }
}

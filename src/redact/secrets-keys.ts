// Which key names label a secret (`API_KEY`, `clientSecret`, `db-password`, ...) and which values are
// obviously not one (`${VAR}`, `<token>`, `null`, `****`). Shared by the `KEY=value` text patterns and
// by the structured walk over tool arguments and metadata.

// The last word of a key that makes its value a secret.
const SECRET_LAST_WORDS = new Set([
  "password",
  "passwd",
  "pwd",
  "pass",
  "passphrase",
  "secret",
  "token",
  "apikey",
  "accesskey",
  "privatekey",
  "secretkey",
  "auth",
  "authorization",
  "credential",
  "credentials",
]);

// The last two words, for keys whose last word alone ("key") is too common to mean a secret.
const SECRET_LAST_PAIRS = new Set([
  "api key",
  "access key",
  "private key",
  "secret key",
  "master key",
  "signing key",
  "encryption key",
  "session key",
  "client secret",
  "app secret",
  "account key",
  "shared key",
  "storage key",
  // kubeconfig's `client-key-data`: a private key, base64.
  "key data",
]);

// Words glued together (`PGPASSWORD`, `authToken` in some spellings, `clientsecret`) end with these.
const SECRET_SUFFIXES = ["password", "passwd", "secret", "token"];

/** Splits `AWS_SECRET_ACCESS_KEY`, `clientSecret`, `--api-key`, `db.password` into lower-case words. */
function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** True when a key's name says its value is a secret. */
export function isSecretKey(key: string): boolean {
  const words = keyWords(key);
  const last = words[words.length - 1];
  if (!last) return false;
  if (SECRET_LAST_WORDS.has(last)) return true;
  if (SECRET_SUFFIXES.some((suffix) => last.length > suffix.length && last.endsWith(suffix))) return true;
  return words.length >= 2 && SECRET_LAST_PAIRS.has(`${words[words.length - 2]} ${last}`);
}

/**
 * True for keys that end in the word `key` without saying which (`key`, `license_key`, `maps.key`):
 * a secret only when the value looks like one (see looksLikeKeyValue).
 */
export function isPlainKeyKey(key: string): boolean {
  const words = keyWords(key);
  return words[words.length - 1] === "key" && !isSecretKey(key);
}

/** A value that is credential-shaped: 16+ characters of letters and digits (and `-_+/=.`), no path. */
export function looksLikeKeyValue(value: string): boolean {
  return (
    /^[A-Za-z0-9_\-+=.]{16,}$/.test(value) &&
    /[0-9]/.test(value) &&
    /[A-Za-z]/.test(value) &&
    !/\.[a-z]{2,4}$/.test(value)
  );
}

const NON_VALUES = new Set([
  "null",
  "none",
  "nil",
  "undefined",
  "true",
  "false",
  "yes",
  "no",
  "string",
  "str",
  "number",
  "int",
  "bool",
  "boolean",
  "any",
  "unknown",
  "required",
  "optional",
  "redacted",
  "secret",
  "password",
  "token",
]);

/**
 * True for values that only stand in for a secret: empty, too short to be one, variable references
 * (`${VAR}`, `$VAR`, `%VAR%`, `{{ x }}`, `process.env.X`), `<placeholder>`, masks (`****`, `xxxx`).
 */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v.length < 3) return true;
  if (NON_VALUES.has(v.toLowerCase())) return true;
  if (/^\$\{[^}]*\}?$|^\$\(.*\)$|^\$[A-Za-z_][A-Za-z0-9_]*$|^%[A-Za-z_][A-Za-z0-9_]*%$/.test(v)) return true;
  if (/^\{\{.*\}\}$|^<[^>]*>$|^\[[^\]]*\]$/.test(v)) return true;
  if (/^(process\.env|os\.environ|env)[.[]/i.test(v)) return true;
  if (/^(.)\1+$/.test(v)) return true; // ****, xxxx, 0000
  return false;
}

// Domain patterns of settings `sandbox.network.allow`: `example.com` (that host), `*.example.com`
// (its subdomains, not the host itself), `localhost` and IPv4 literals. Checked when the settings
// are read, so a typo fails before anything runs.
import { isIP } from "node:net";

const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const HOST = new RegExp(`^(?:\\*\\.)?${LABEL}(?:\\.${LABEL})*$`);

/** Why `pattern` is not a domain pattern, or undefined when it is one. */
export function domainPatternProblem(pattern: string): string | undefined {
  const text = pattern.trim().toLowerCase();
  if (text === "") return "it is empty";
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(text)) return "give a host name, not a URL (no scheme)";
  if (text.includes("/")) return "give a host name, not a URL (no path)";
  if (text.includes(":") && isIP(text) !== 6) return "give a host name without a port";
  if (isIP(text)) return undefined;
  if (text === "*") return 'a bare "*" would allow every host; name the domains';
  if (text.includes("*") && !text.startsWith("*.")) return 'a wildcard is only allowed as a leading "*."';
  if (!HOST.test(text)) return "expected a host name such as registry.npmjs.org or *.pypi.org";
  return undefined;
}

/** Whether `host` (from a CONNECT line or SOCKS5 request) is allowed by one of the patterns. */
export function hostAllowed(host: string, patterns: readonly string[]): "exact" | "wildcard" | undefined {
  const name = host
    .toLowerCase()
    .replace(/\.$/, "")
    .replace(/^\[(.*)\]$/, "$1");
  let found: "exact" | "wildcard" | undefined;
  for (const raw of patterns) {
    const pattern = raw.trim().toLowerCase();
    if (pattern === name) return "exact";
    if (pattern.startsWith("*.") && name.endsWith(pattern.slice(1)) && !isIP(name)) found = "wildcard";
  }
  return found;
}

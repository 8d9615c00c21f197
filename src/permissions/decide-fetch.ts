// The decision table for a fetch (a tool declaring kind "fetch", e.g. web_fetch): rules name the
// host, `web_fetch(domain:docs.python.org)` (`*` in the host matches anything: `domain:*.python.org`);
// a bare `web_fetch` rule covers every URL. A fetch is a way out for data, so it asks unless a rule
// allows the host; plan mode fetches only what a rule allows. A private or loopback address
// (localhost, 127.0.0.1, 10.x, 192.168.x, fd00::...) is refused in every mode unless an allow rule
// names it without `*`. The tool itself must refuse a name that resolves to such an address
// (isPrivateAddress) since the table only sees the URL as written.
import { isIP } from "node:net";
import { allow, byDenyOrAsk, firstRule, type Matcher } from "./decide-rules.js";
import { DOMAIN_PREFIX, ruleNamesTool } from "./rules.js";
import type { Decision, PermissionPolicy, PermissionRule } from "./types.js";

export function decideFetch(tool: string, url: string | undefined, policy: PermissionPolicy): Decision {
  const host = hostOf(url);
  if (host === undefined)
    return {
      behavior: "deny",
      reason: `${JSON.stringify(url ?? "")} is not an http or https URL`,
      suggestions: [],
    };
  const what = `fetching from ${host}`;
  const matches: Matcher = (rule) =>
    ruleNamesTool(rule, tool) && (rule.pattern === undefined || domainMatches(rule.pattern, host));
  const ruled = byDenyOrAsk(policy, matches, what);
  if (ruled) return ruled;
  const suggestion = `${tool}(${DOMAIN_PREFIX}${host})`;
  if (isPrivateAddress(host)) {
    const named = firstRule(policy, "allow", (rule) => matches(rule) && isExplicit(rule));
    if (named) return allow(`allowed by the rule ${named.text}`, named);
    return {
      behavior: "deny",
      reason: `${host} is a private or loopback address, refused unless a rule names it`,
      suggestions: [],
      exact: [suggestion],
    };
  }
  const ok = firstRule(policy, "allow", matches);
  if (ok) return allow(`allowed by the rule ${ok.text}`, ok);
  if (policy.mode === "yolo") return allow("yolo mode");
  if (policy.mode === "plan")
    return {
      behavior: "deny",
      reason: `plan mode fetches only from domains a rule allows: ${what}`,
      suggestions: [],
    };
  return {
    behavior: "ask",
    reason: `${what} needs your approval`,
    suggestions: [suggestion],
    modeHint: "yolo",
  };
}

/** The host of an http(s) URL, lower case, IPv6 without brackets; undefined for anything else. */
export function hostOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return undefined;
  const host = parsed.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return host === "" ? undefined : host;
}

/** `domain:example.com` matches that host; `*` matches any characters (`domain:*.example.com`). */
export function domainMatches(pattern: string, host: string): boolean {
  if (!pattern.startsWith(DOMAIN_PREFIX)) return false;
  const body = pattern
    .slice(DOMAIN_PREFIX.length)
    .toLowerCase()
    .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*");
  return new RegExp(`^${body}$`).test(host);
}

const isExplicit = (rule: PermissionRule) => rule.pattern !== undefined && !rule.pattern.includes("*");

/** Loopback, private, link-local, unspecified, multicast and reserved addresses, and `localhost` names. */
export function isPrivateAddress(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  const version = isIP(host);
  if (version === 4) return privateV4(host);
  if (version !== 6) return false;
  // An IPv4 address mapped into IPv6 (the URL parser writes ::ffff:127.0.0.1 as ::ffff:7f00:1).
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (dotted) return privateV4(dotted[1]!);
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (hex) {
    const high = Number.parseInt(hex[1]!, 16);
    const low = Number.parseInt(hex[2]!, 16);
    return privateV4(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  if (host === "::1" || host === "::") return true;
  // fc00::/7 (unique local), fe80::/10 (link-local), ff00::/8 (multicast)
  return (
    /^f[cd][0-9a-f]{0,2}:/.test(host) || /^fe[89ab][0-9a-f]?:/.test(host) || /^ff[0-9a-f]{0,2}:/.test(host)
  );
}

function privateV4(host: string): boolean {
  const [a = 0, b = 0] = host.split(".").map(Number);
  return (
    a === 127 ||
    a === 10 ||
    a === 0 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127) ||
    // 192.0.0.0/24 (protocol assignments), 198.18.0.0/15 (benchmarking), 224/4 multicast, 240/4 reserved
    (a === 192 && b === 0 && host.split(".")[2] === "0") ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

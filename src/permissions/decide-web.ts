// The web_fetch row of the decision table. A fetch sends a request out of this machine, so it is a
// way out for data: rules decide by domain (`web_fetch(domain:docs.python.org)`,
// `web_fetch(domain:*.python.org)`, or bare `web_fetch` for every domain); without one, default,
// auto and accept-edits ask, plan refuses, yolo allows. A private or loopback address (a literal, or
// localhost) is refused unless an allow rule names that exact host; names that resolve to one are
// caught by the tool itself when it connects (tools/web/http-get.ts).
import { isIP } from "node:net";
import { isLocalName, isPrivateAddress } from "../sandbox/addresses.js";
import { hostAllowed } from "../sandbox/domains.js";
import { allow, byRules } from "./decide-rules.js";
import { ruleNamesTool } from "./rules.js";
import type { Decision, PermissionPolicy, PermissionRule } from "./types.js";

export const WEB_FETCH = "web_fetch";

/** The host of a web_fetch call's URL as rules name it, or undefined when it is not an http(s) URL. */
export function fetchHost(input: Record<string, unknown>): string | undefined {
  if (typeof input.url !== "string") return undefined;
  try {
    const url = new URL(input.url.trim());
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    return url.hostname
      .toLowerCase()
      .replace(/^\[(.*)\]$/, "$1")
      .replace(/\.$/, "");
  } catch {
    return undefined;
  }
}

function domainOf(rule: PermissionRule): string | undefined {
  return rule.pattern?.startsWith("domain:") ? rule.pattern.slice("domain:".length) : undefined;
}

/** An allow rule that names exactly this host (no wildcard, not a bare `web_fetch`). */
export function namesHostExactly(rules: readonly PermissionRule[], tool: string, host: string): boolean {
  return rules.some((rule) => rule.kind === "allow" && rule.tool === tool && domainOf(rule) === host);
}

/** A literal private/loopback address or localhost (the pure part of the tool's own check). */
function obviouslyLocal(host: string): boolean {
  return isLocalName(host) || (isIP(host) !== 0 && isPrivateAddress(host));
}

export function decideWebFetch(input: Record<string, unknown>, policy: PermissionPolicy): Decision {
  const host = fetchHost(input);
  const what = host ? `fetching from ${host}` : "web_fetch";
  const ruled = byRules(
    policy,
    (rule) => {
      if (!ruleNamesTool(rule, WEB_FETCH)) return false;
      if (rule.pattern === undefined) return true;
      const domain = domainOf(rule);
      return host !== undefined && domain !== undefined && hostAllowed(host, [domain]) !== undefined;
    },
    what,
  );
  if (ruled && ruled.behavior !== "allow") return ruled;
  // Not a URL: nothing can be fetched; the tool says what is wrong.
  if (host === undefined) return ruled ?? allow("not an http(s) URL: the tool refuses it");
  const suggestion = `${WEB_FETCH}(domain:${host})`;
  if (obviouslyLocal(host) && !namesHostExactly(policy.rules, WEB_FETCH, host)) {
    return {
      behavior: "deny",
      reason: `${host} is a private or loopback address, fetched only when an allow rule names that host`,
      suggestions: [suggestion],
    };
  }
  if (ruled) return ruled;
  if (policy.mode === "yolo") return allow("yolo mode");
  if (policy.mode === "plan") {
    return {
      behavior: "deny",
      reason: `plan mode fetches only from domains a rule allows, and none allows ${host}`,
      suggestions: [suggestion],
    };
  }
  return {
    behavior: "ask",
    reason: `${what} sends a request out of this machine`,
    suggestions: [suggestion],
    modeHint: "yolo",
  };
}

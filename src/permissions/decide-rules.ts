// The rule half of the decision table: deny, then ask, then allow, the first rule kind with a match
// decides; what the mode says when nothing else did; and how the parts of one call combine into
// one decision (the strictest wins).
import { pathMatches, type ResolvedPath } from "./paths.js";
import { ruleNamesTool } from "./rules.js";
import type { PermissionLookup, ToolKind } from "./tool-permission.js";
import type { Decision, PathContext, PermissionPolicy, PermissionRule, RuleKind } from "./types.js";

export type Matcher = (rule: PermissionRule) => boolean;

export const allow = (reason: string, rule?: PermissionRule): Decision => ({
  behavior: "allow",
  reason,
  rule,
  suggestions: [],
});

export function firstRule(
  policy: PermissionPolicy,
  kind: RuleKind,
  matches: Matcher,
): PermissionRule | undefined {
  for (const rule of policy.rules) if (rule.kind === kind && matches(rule)) return rule;
  return undefined;
}

export const denied = (rule: PermissionRule, what: string): Decision => ({
  behavior: "deny",
  reason: `${what} is denied by the rule ${rule.text}`,
  rule,
  suggestions: [],
});

const asked = (rule: PermissionRule, what: string): Decision => ({
  behavior: "ask",
  reason: `the rule ${rule.text} asks before ${what}`,
  rule,
  suggestions: [],
});

/** Deny and ask rules only (allow rules are looked at later by the caller). */
export function byDenyOrAsk(policy: PermissionPolicy, matches: Matcher, what: string): Decision | undefined {
  const deny = firstRule(policy, "deny", matches);
  if (deny) return denied(deny, what);
  const ask = firstRule(policy, "ask", matches);
  return ask ? asked(ask, what) : undefined;
}

/** deny, then ask, then allow: the first rule kind with a match decides. */
export function byRules(policy: PermissionPolicy, matches: Matcher, what: string): Decision | undefined {
  const ruled = byDenyOrAsk(policy, matches, what);
  if (ruled) return ruled;
  const ok = firstRule(policy, "allow", matches);
  return ok ? allow(`allowed by the rule ${ok.text}`, ok) : undefined;
}

/** A rule naming (exactly) a tool that declares this kind: `read(...)` or `grep(...)` for reads. */
export function namesToolOfKind(
  rule: PermissionRule,
  kind: ToolKind,
  permissionOf: PermissionLookup,
): boolean {
  return permissionOf(rule.tool)?.kind === kind;
}

type Answer = Omit<Decision, "behavior">;

/**
 * A call nothing else decided, by the mode: yolo runs it, plan refuses it (`plan`: the reason, or
 * the whole answer), any other mode asks.
 */
export function byMode(policy: PermissionPolicy, plan: string | Answer, ask: Answer): Decision {
  if (policy.mode === "yolo") return allow("yolo mode");
  if (policy.mode === "plan")
    return { behavior: "deny", ...(typeof plan === "string" ? { reason: plan, suggestions: [] } : plan) };
  return { behavior: "ask", ...ask };
}

function pathRuleMatcher(
  tools: readonly string[],
  p: ResolvedPath,
  ctx: PathContext,
  strict: boolean,
): Matcher {
  return (rule) => {
    if (!tools.some((name) => ruleNamesTool(rule, name))) return false;
    if (rule.pattern === undefined) return true;
    const lexical = pathMatches(rule.pattern, p.lexical, ctx);
    const real = p.real === p.lexical ? lexical : pathMatches(rule.pattern, p.real, ctx);
    // An allow must hold for the file as written and where its links lead; a deny for either.
    return strict ? lexical && real : lexical || real;
  };
}

export function byPathDenyOrAsk(
  tools: readonly string[],
  p: ResolvedPath,
  policy: PermissionPolicy,
  ctx: PathContext,
  what: string,
): Decision | undefined {
  return byDenyOrAsk(policy, pathRuleMatcher(tools, p, ctx, false), what);
}

export function byPathAllow(
  tools: readonly string[],
  p: ResolvedPath,
  policy: PermissionPolicy,
  ctx: PathContext,
  also: Matcher = () => true,
): Decision | undefined {
  const strict = pathRuleMatcher(tools, p, ctx, true);
  const ok = firstRule(policy, "allow", (rule) => strict(rule) && also(rule));
  return ok ? allow(`allowed by the rule ${ok.text}`, ok) : undefined;
}

const RANK = { allow: 0, ask: 1, deny: 2 } as const;

/** The strictest part decides; an ask gathers the suggestions of every part that asks. */
export function combine(parts: Decision[]): Decision {
  let worst = parts[0]!;
  for (const part of parts) if (RANK[part.behavior] > RANK[worst.behavior]) worst = part;
  if (worst.behavior !== "ask") return worst;
  const asking = parts.filter((p) => p.behavior === "ask");
  const suggestions = [...new Set(asking.flatMap((p) => p.suggestions))];
  // A line with a part no rule can allow (substitution, sudo) cannot be allowed by the suggestions.
  const complete = asking.every((p) => p.suggestions.length > 0);
  const exactComplete = asking.every((p) => p.suggestions.length > 0 || (p.exact?.length ?? 0) > 0);
  const modeHint = asking.some((p) => p.modeHint === "yolo")
    ? "yolo"
    : asking.every((p) => p.modeHint === "accept-edits")
      ? "accept-edits"
      : undefined;
  const exact = [
    ...new Set(asking.flatMap((p) => (p.suggestions.length > 0 ? p.suggestions : (p.exact ?? [])))),
  ];
  return {
    ...worst,
    reason: [...new Set(asking.map((p) => p.reason))].join("; "),
    suggestions: complete ? suggestions : [],
    exact: !complete && exactComplete ? exact : undefined,
    modeHint,
  };
}

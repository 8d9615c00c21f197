// Permission rules: `tool` or `tool(pattern)`, parsed once and matched against tool names.
// What a pattern means depends on the kind the tool declares (tool-permission.ts): command words
// for a command (bash), a host for a fetch (`domain:x`), paths for the others.
import { PermissionConfigError } from "../errors.js";
import { BUILTIN_TOOL_NAMES, builtinPermission } from "./builtin-tools.js";
import type { PermissionRule, RuleKind, RuleSource } from "./types.js";

/** A fetch rule's pattern: `web_fetch(domain:docs.python.org)`. */
export const DOMAIN_PREFIX = "domain:";

/** Claude Code's names of tools whose name here differs by more than case. */
const CLAUDE_CODE_NAMES: Record<string, string> = { webfetch: "web_fetch", todowrite: "todo_write" };

const RULE_RE = /^([A-Za-z0-9_.*-]+)(?:\(([\s\S]*)\))?$/;

/** Parses one rule; throws PermissionConfigError `invalid permission rule "<text>": <why>`. */
export function parseRule(text: string, kind: RuleKind, source: RuleSource): PermissionRule {
  const trimmed = typeof text === "string" ? text.trim() : "";
  const fail = (why: string): never => {
    throw new PermissionConfigError(`invalid permission rule ${JSON.stringify(String(text))}: ${why}`);
  };
  if (typeof text !== "string") fail("a rule must be a string such as bash(npm test *)");
  if (trimmed === "")
    fail("the rule is empty; write a tool name, e.g. read, or tool(pattern), e.g. bash(ls *)");
  const open = trimmed.indexOf("(");
  if (open >= 0 && !trimmed.endsWith(")"))
    fail("missing closing parenthesis; write tool(pattern), e.g. bash(npm test *)");
  if (open < 0 && trimmed.includes(")")) fail("unexpected ')'; write tool(pattern), e.g. bash(npm test *)");
  const match = RULE_RE.exec(trimmed);
  if (!match) {
    const name = open >= 0 ? trimmed.slice(0, open) : trimmed;
    fail(
      name === ""
        ? "the tool name is missing before '('"
        : `the tool name "${name}" may only contain letters, digits, _ . - and *`,
    );
  }
  let tool = match![1]!;
  // `Bash(...)`, `Edit(...)`, `WebFetch(...)`: Claude Code's spelling of the same tools.
  if (BUILTIN_TOOL_NAMES.includes(tool.toLowerCase())) tool = tool.toLowerCase();
  tool = CLAUDE_CODE_NAMES[tool.toLowerCase()] ?? tool;
  let pattern = match![2];
  if (pattern !== undefined) {
    const kind = builtinPermission(tool)?.kind;
    pattern = pattern.trim();
    if (pattern === "") fail(`the pattern is empty; write ${tool} to match every ${tool} call`);
    if (pattern.includes("(") && kind !== "command") fail("a pattern cannot contain '('");
    if (kind === "command") pattern = pattern.split(/\s+/).join(" ");
    if (kind === "fetch" && !pattern.startsWith(DOMAIN_PREFIX))
      fail(`a ${tool} rule names a host: write ${tool}(${DOMAIN_PREFIX}example.com)`);
  }
  return { kind, tool, pattern, source, text: pattern === undefined ? tool : `${tool}(${pattern})` };
}

/** Parses a list of rules of one kind (flags, a settings array, an SDK option). */
export function parseRules(texts: readonly string[] | undefined, kind: RuleKind, source: RuleSource) {
  return (texts ?? []).map((text) => parseRule(text, kind, source));
}

/** Whether a rule names this tool (exactly, or through a `*` in the name). */
export function ruleNamesTool(rule: PermissionRule, tool: string): boolean {
  if (!rule.tool.includes("*")) return rule.tool === tool;
  const body = rule.tool.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${body}$`).test(tool);
}

/** Warnings for rules that can never match: the tool is unknown (MCP tools `mcp__*` are allowed). */
export function ruleWarnings(rules: readonly PermissionRule[], knownTools: readonly string[]): string[] {
  const warnings: string[] = [];
  for (const rule of rules) {
    if (rule.tool.includes("*") || rule.tool.startsWith("mcp__")) continue;
    if (knownTools.includes(rule.tool)) continue;
    warnings.push(
      `Warning: permission rule ${rule.kind} ${JSON.stringify(rule.text)} (${describeSource(rule.source)}) can never match: ` +
        `there is no tool "${rule.tool}" (tools: ${knownTools.join(", ")}).`,
    );
  }
  return warnings;
}

export function describeSource(source: RuleSource): string {
  switch (source) {
    case "flag":
      return "flag";
    case "user":
      return "user settings";
    case "project":
      return "project settings";
    case "local":
      return "local settings";
    case "approved":
      return "remembered (~/.agenix/approvals.json)";
    case "sdk":
      return "SDK option";
    case "builtin":
      return "built in";
    case "session":
      return "this session";
  }
}

/** `'bash(curl *)'` for a shell command line. */
export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

// The decision table: (mode, rules, tool, input) -> allow | ask | deny, with the reason, the rule
// that decided and the rules that would allow it next time. Pure: the shell parser, the link
// resolver, the directory lister and the tool environment come in as arguments, so every case is
// a unit test.
//
// Order, for every tool: deny rules, then ask rules (decide-rules.ts); then what no rule can check
// (a bash line that runs a string: refused when a bash deny rule exists); then allow rules; then
// the built-in checks (writing outside the working directory or into files that become code,
// reading secrets, sudo, environment prefixes, the read-only list); then the mode. A bash line
// (decide-bash.ts) is split into its simple commands and the files they read and write; each part
// is decided on its own and the strictest answer wins.
import { autoApplies, decideAuto, type SandboxFacts } from "./auto-mode.js";
import { type BashContext, decideBash } from "./decide-bash.js";
import { decideRead, decideWrite } from "./decide-files.js";
import { allow, byRules } from "./decide-rules.js";
import { decideWebFetch, WEB_FETCH } from "./decide-web.js";
import { resolveToolPath } from "./paths.js";
import { CHANGE_TOOLS, READ_TOOLS, ruleNamesTool } from "./rules.js";
import type { Decision, PermissionPolicy, PermissionRequest, ReadDir } from "./types.js";

export interface DecideContext extends BashContext, SandboxFacts {
  /** Makes a resolver for one decision (a bash line names many paths in the same folders). */
  realpathFactory?: () => (absolute: string) => string;
  /** Makes a directory lister for one decision (globs). */
  readDirFactory?: () => ReadDir;
}

export function decide(
  request: PermissionRequest,
  policy: PermissionPolicy,
  context: DecideContext,
): Decision {
  const ctx = { ...context };
  if (context.realpathFactory) ctx.realpath = context.realpathFactory();
  if (context.readDirFactory) ctx.readDir = context.readDirFactory();
  // The auto column and escalation out of the sandbox (auto-mode.ts) consult this table in other modes.
  if (autoApplies(request, policy, ctx))
    return decideAuto(request, policy, ctx, (r, p) => decideInMode(r, p, ctx));
  return decideInMode(request, policy, ctx);
}

function decideInMode(request: PermissionRequest, policy: PermissionPolicy, ctx: DecideContext): Decision {
  const { tool, input } = request;
  if (tool === "bash") return decideBash(String(input.command ?? ""), policy, ctx);
  if (tool === WEB_FETCH) return decideWebFetch(input, policy);
  if (tool === TODO_WRITE) return decideTodo(policy);
  if (CHANGE_TOOLS.has(tool)) {
    const target = typeof input.file_path === "string" ? input.file_path : "";
    return decideWrite(tool, resolveToolPath(target, ctx), policy, ctx);
  }
  if (READ_TOOLS.has(tool)) {
    const raw = tool === "read" ? input.file_path : input.path;
    const target = typeof raw === "string" && raw !== "" ? raw : ".";
    return decideRead(tool, resolveToolPath(target, ctx), policy, ctx);
  }
  return decideOther(tool, policy);
}

// ---- the todo list: it changes nothing outside the conversation (deny rules still apply) ----

const TODO_WRITE = "todo_write";

function decideTodo(policy: PermissionPolicy): Decision {
  const ruled = byRules(policy, (rule) => ruleNamesTool(rule, TODO_WRITE), "updating the todo list");
  return ruled ?? allow("the todo list changes nothing outside the conversation");
}

// ---- other tools (extensions, MCP) ----

function decideOther(tool: string, policy: PermissionPolicy): Decision {
  const ruled = byRules(
    policy,
    (rule) => ruleNamesTool(rule, tool) && rule.pattern === undefined,
    `using ${tool}`,
  );
  if (ruled) return ruled;
  if (policy.mode === "yolo") return allow("yolo mode");
  if (policy.mode === "plan")
    return { behavior: "deny", reason: `plan mode is read-only: ${tool} may change things`, suggestions: [] };
  return {
    behavior: "ask",
    reason: `using ${tool} needs your approval`,
    suggestions: [tool],
    modeHint: "yolo",
  };
}

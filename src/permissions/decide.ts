// The decision table: (mode, rules, tool, input) -> allow | ask | deny, with the reason, the rule
// that decided and the rules that would allow it next time. Pure: the shell parser, the link
// resolver, the directory lister, the tool environment and the tools' declarations come in as
// arguments, so every case is a unit test.
//
// A tool's declaration (tool-permission.ts) says what a call does; the table reads nothing else of
// it. Order, for every kind:
//   1. deny rules, then ask rules (decide-rules.ts byDenyOrAsk);
//   2. what an ordinary allow rule cannot lift: a command line that runs a string (refused when a
//      deny rule for the tool exists), sudo (only a rule naming sudo), environment prefixes
//      (decide-bash.ts); a fetch of a private address (only a rule naming it, decide-fetch.ts);
//   3. allow rules (for a write into a folder whose files become code, only one naming the folder);
//   4. the mode where it decides alone: yolo allows; plan refuses what changes things (a write, a
//      command not on the read-only list, a tool that declares nothing);
//   5. the built-in checks, which ask: a command not on the read-only list, secret paths, a write
//      outside the working directory or into files that become code;
//   6. accept-edits allows a write inside the working directory; what is left asks.
// A call with several parts (the simple commands and files of a bash line, several paths) has each
// part decided on its own, and the strictest answer wins.
import { autoApplies, decideAuto, type SandboxFacts } from "./auto-mode.js";
import { builtinPermission } from "./builtin-tools.js";
import { type BashContext, decideBash } from "./decide-bash.js";
import { decideFetch } from "./decide-fetch.js";
import { decideRead, decideWrite } from "./decide-files.js";
import { allow, byMode, byRules, combine } from "./decide-rules.js";
import { resolveToolPath } from "./paths.js";
import { ruleNamesTool } from "./rules.js";
import type { PermissionLookup, ToolPermission } from "./tool-permission.js";
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
  const ctx = forOneDecision(context);
  const permission = ctx.permissionOf(request.tool);
  // The auto column and escalation out of the sandbox (auto-mode.ts) consult this table in other modes.
  if (autoApplies(request, permission, policy, ctx))
    return decideAuto(request, permission, policy, ctx, (r, p) => decideInMode(r, permission, p, ctx));
  return decideInMode(request, permission, policy, ctx);
}

/** Reading one path with a reading tool, as its folder walk would (grep and glob leave out what asks). */
export function decideReadingPath(
  tool: string,
  absolute: string,
  policy: PermissionPolicy,
  context: DecideContext,
): Decision {
  const ctx = forOneDecision(context);
  return decideRead(tool, resolveToolPath(absolute, ctx), policy, ctx);
}

type OneDecision = DecideContext & { permissionOf: PermissionLookup };

function forOneDecision(context: DecideContext): OneDecision {
  const ctx = { ...context, permissionOf: context.permissionOf ?? builtinPermission };
  if (context.realpathFactory) ctx.realpath = context.realpathFactory();
  if (context.readDirFactory) ctx.readDir = context.readDirFactory();
  return ctx;
}

function decideInMode(
  { tool, input }: PermissionRequest,
  permission: ToolPermission | undefined,
  policy: PermissionPolicy,
  ctx: OneDecision,
): Decision {
  switch (permission?.kind) {
    case "command":
      return decideBash(tool, permission.command(input) ?? "", policy, ctx);
    case "write":
      return eachPath(permission.paths(input), (target) =>
        decideWrite(tool, resolveToolPath(target, ctx), policy, ctx),
      );
    case "read":
      return eachPath(permission.paths(input), (target) =>
        decideRead(tool, resolveToolPath(target, ctx), policy, ctx),
      );
    case "fetch":
      return decideFetch(tool, permission.url(input), policy);
    case "none":
      return byName(tool, policy) ?? allow(`${tool} changes nothing outside the conversation`);
    case undefined:
      return byName(tool, policy) ?? decideUndeclared(tool, policy);
  }
}

/** Every path decided on its own; no path at all means the working directory. */
function eachPath(paths: string[], decideOne: (target: string) => Decision): Decision {
  return combine((paths.length > 0 ? paths : ["."]).map(decideOne));
}

/** Rules that name the tool without a pattern (the only ones a tool without paths can match). */
function byName(tool: string, policy: PermissionPolicy): Decision | undefined {
  return byRules(policy, (rule) => ruleNamesTool(rule, tool) && rule.pattern === undefined, `using ${tool}`);
}

/** A tool that declares nothing (extensions, MCP): it may do anything, so it asks. */
function decideUndeclared(tool: string, policy: PermissionPolicy): Decision {
  return byMode(policy, `plan mode is read-only: ${tool} may change things`, {
    reason: `using ${tool} needs your approval`,
    suggestions: [tool],
    modeHint: "yolo",
  });
}

// The decision table: (mode, rules, tool, input) -> allow | ask | deny, with the reason, the rule
// that decided and the rules that would allow it next time. Pure: the shell parser and the link
// resolver come in as arguments, so every case is a unit test.
//
// Order: deny rules, then ask rules, then allow rules, then the built-in checks (writing outside the
// working directory, reading secrets, sudo, unjudgeable shell), then the mode. A bash line is
// split into its simple commands and the files it writes and reads; each part is decided on its
// own and the strictest answer wins.
import path from "node:path";
import { autoApplies, decideAuto, type SandboxFacts } from "./auto-mode.js";
import { commandGlobRegex } from "./glob.js";
import {
  insideWorkingDir,
  pathMatches,
  type ResolvedPath,
  resolveToolPath,
  rulePath,
  secretReason,
} from "./paths.js";
import { isReadOnlyCommand } from "./read-only.js";
import { CHANGE_TOOLS, READ_TOOLS, ruleNamesTool } from "./rules.js";
import { splitFindExec, unwrapCommand } from "./shell-commands.js";
import type { ShellParse } from "./shell-parse.js";
import type {
  Decision,
  PathContext,
  PermissionPolicy,
  PermissionRequest,
  PermissionRule,
  RuleKind,
} from "./types.js";

export interface DecideContext extends PathContext, SandboxFacts {
  /** Needed for bash calls; without it every bash call asks. */
  parseShell?: ShellParse;
  /** Makes a resolver for one decision (a bash line names many paths in the same folders). */
  realpathFactory?: () => (absolute: string) => string;
}

const allow = (reason: string, rule?: PermissionRule): Decision => ({
  behavior: "allow",
  reason,
  rule,
  suggestions: [],
});

export function decide(
  request: PermissionRequest,
  policy: PermissionPolicy,
  context: DecideContext,
): Decision {
  const ctx = context.realpathFactory ? { ...context, realpath: context.realpathFactory() } : context;
  // The auto column and escalation out of the sandbox (auto-mode.ts) consult this table in other modes.
  if (autoApplies(request, policy, ctx))
    return decideAuto(request, policy, ctx, (r, p) => decideInMode(r, p, ctx));
  return decideInMode(request, policy, ctx);
}

function decideInMode(request: PermissionRequest, policy: PermissionPolicy, ctx: DecideContext): Decision {
  const { tool, input } = request;
  if (tool === "bash") return decideBash(String(input.command ?? ""), policy, ctx);
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

// ---- rules ----

type Matcher = (rule: PermissionRule) => boolean;

function firstRule(policy: PermissionPolicy, kind: RuleKind, matches: Matcher): PermissionRule | undefined {
  for (const rule of policy.rules) if (rule.kind === kind && matches(rule)) return rule;
  return undefined;
}

/** deny, then ask, then allow: the first rule kind with a match decides. */
function byRules(policy: PermissionPolicy, matches: Matcher, what: string): Decision | undefined {
  const deny = firstRule(policy, "deny", matches);
  if (deny)
    return {
      behavior: "deny",
      reason: `${what} is denied by the rule ${deny.text}`,
      rule: deny,
      suggestions: [],
    };
  const ask = firstRule(policy, "ask", matches);
  if (ask)
    return {
      behavior: "ask",
      reason: `the rule ${ask.text} asks before ${what}`,
      rule: ask,
      suggestions: [],
    };
  const ok = firstRule(policy, "allow", matches);
  if (ok) return allow(`allowed by the rule ${ok.text}`, ok);
  return undefined;
}

function pathRuleMatcher(
  tools: Set<string> | string[],
  p: ResolvedPath,
  ctx: PathContext,
  strict: boolean,
): Matcher {
  const names = [...tools];
  return (rule) => {
    if (!names.some((name) => ruleNamesTool(rule, name))) return false;
    if (rule.pattern === undefined) return true;
    const lexical = pathMatches(rule.pattern, p.lexical, ctx);
    const real = p.real === p.lexical ? lexical : pathMatches(rule.pattern, p.real, ctx);
    // An allow must hold for the file as written and where its links lead; a deny for either.
    return strict ? lexical && real : lexical || real;
  };
}

function byPathRules(
  tools: Set<string> | string[],
  p: ResolvedPath,
  policy: PermissionPolicy,
  ctx: PathContext,
  what: string,
) {
  const loose = pathRuleMatcher(tools, p, ctx, false);
  const strict = pathRuleMatcher(tools, p, ctx, true);
  const deny = firstRule(policy, "deny", loose);
  if (deny) return byRules({ ...policy, rules: [deny] }, () => true, what);
  const ask = firstRule(policy, "ask", loose);
  if (ask) return byRules({ ...policy, rules: [ask] }, () => true, what);
  const ok = firstRule(policy, "allow", strict);
  return ok ? allow(`allowed by the rule ${ok.text}`, ok) : undefined;
}

// ---- files ----

function decideWrite(tool: string, p: ResolvedPath, policy: PermissionPolicy, ctx: PathContext): Decision {
  const shown = rulePath(p.lexical, ctx);
  const what = `changing ${shown}`;
  const ruled = byPathRules(CHANGE_TOOLS, p, policy, ctx, what);
  if (ruled) return ruled;
  const suggestion = `${tool}(${suggestPathPattern(p.lexical, ctx)})`;
  if (policy.mode === "yolo") return allow("yolo mode");
  if (policy.mode === "plan")
    return {
      behavior: "deny",
      reason: "plan mode is read-only: files are not changed",
      suggestions: [],
      modeHint: "accept-edits",
    };
  if (!insideWorkingDir(p, ctx)) {
    const how =
      p.real !== p.lexical && p.real !== path.resolve(p.lexical) ? ` (through a link to ${p.real})` : "";
    return {
      behavior: "ask",
      reason: `${shown} is outside the working directory${how}`,
      suggestions: [suggestion],
      modeHint: "yolo",
    };
  }
  if (policy.mode === "accept-edits") return allow("accept-edits mode: a file inside the working directory");
  return {
    behavior: "ask",
    reason: `${what} needs your approval`,
    suggestions: [suggestion],
    modeHint: "accept-edits",
  };
}

function decideRead(tool: string, p: ResolvedPath, policy: PermissionPolicy, ctx: PathContext): Decision {
  const shown = rulePath(p.lexical, ctx);
  const ruled = byPathRules(new Set(["read", tool]), p, policy, ctx, `reading ${shown}`);
  if (ruled) return ruled;
  if (policy.mode === "yolo") return allow("yolo mode");
  const secret = secretReason(p, ctx);
  if (secret) {
    return {
      behavior: "ask",
      reason: `reading ${shown} needs your approval: ${secret}`,
      suggestions: [`read(${rulePath(p.lexical, ctx)})`],
      modeHint: "yolo",
    };
  }
  return allow("reading is allowed in every mode");
}

/** `src/**` for a file under src/, `./name` for a file at the top, `<dir>/**` outside. */
function suggestPathPattern(absolute: string, ctx: PathContext): string {
  const shown = rulePath(absolute, ctx);
  if (shown.startsWith("~/") || path.isAbsolute(shown)) return `${rulePath(path.dirname(absolute), ctx)}/**`;
  const top = shown.split("/")[0]!;
  return top === shown ? `./${shown}` : `${top}/**`;
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

// ---- bash ----

function decideBash(command: string, policy: PermissionPolicy, ctx: DecideContext): Decision {
  if (!ctx.parseShell) {
    return { behavior: "ask", reason: "the shell parser is not loaded", suggestions: [], modeHint: "yolo" };
  }
  const script = ctx.parseShell(command);
  const parts: Decision[] = [];
  let changesDir = false;
  const problems = [...script.problems];
  for (const parsed of script.commands) {
    const unwrapped = unwrapCommand(parsed.words);
    if (unwrapped.runsString) problems.push(unwrapped.runsString);
    if (parsed.dynamicName) problems.push("the command name comes from a variable");
    const { find, executed } = splitFindExec(unwrapped.words);
    for (const words of [find, ...executed]) {
      const name = words[0] ?? "";
      if (name === "cd" || name === "pushd" || name === "popd") changesDir = true;
      parts.push(decideCommand(words, unwrapped.original, unwrapped.sudo, policy));
      // Arguments that name secret files are reads (cat .env, grep -r key ~/.ssh).
      for (const arg of pathArguments(words)) parts.push(decideShellRead(arg, policy, ctx));
      if (name === "tee") for (const arg of pathArguments(words)) script.writes.push(arg);
    }
  }
  for (const target of script.reads) parts.push(decideShellRead(target, policy, ctx));
  for (const target of script.writes) parts.push(decideShellWrite(target, changesDir, policy, ctx));
  if (problems.length > 0) parts.push(decideProblem(problems, policy));
  if (script.commands.length === 0 && problems.length === 0 && parts.length === 0)
    return allow("nothing to run");
  return combine(parts);
}

function decideCommand(
  words: string[],
  original: string[],
  sudo: boolean,
  policy: PermissionPolicy,
): Decision {
  const line = words.join(" ");
  const full = original.join(" ");
  const what = `running ${line}`;
  // Deny and ask rules see the unwrapped command and the line as written; `./rm` counts as `rm`.
  const baseName = path.basename(words[0] ?? "");
  const variants = [line, full];
  if (baseName !== words[0]) variants.push([baseName, ...words.slice(1)].join(" "));
  const matches =
    (texts: string[]): Matcher =>
    (rule) =>
      ruleNamesTool(rule, "bash") &&
      (rule.pattern === undefined || texts.some((t) => commandGlobRegex(rule.pattern!).test(t)));
  const deny = firstRule(policy, "deny", matches(variants));
  if (deny)
    return {
      behavior: "deny",
      reason: `${what} is denied by the rule ${deny.text}`,
      rule: deny,
      suggestions: [],
    };
  const ask = firstRule(policy, "ask", matches(variants));
  if (ask)
    return {
      behavior: "ask",
      reason: `the rule ${ask.text} asks before ${what}`,
      rule: ask,
      suggestions: [],
    };
  if (sudo) {
    // sudo always asks; only a rule that names sudo itself allows it.
    const explicit = firstRule(
      policy,
      "allow",
      (rule) => matches([full])(rule) && rule.pattern?.startsWith("sudo") === true,
    );
    if (explicit) return allow(`allowed by the rule ${explicit.text}`, explicit);
    return {
      behavior: "ask",
      reason: `${full} runs with sudo`,
      suggestions: [`bash(${suggestCommandPattern(original)})`],
    };
  }
  const ok = firstRule(policy, "allow", matches([line, full]));
  if (ok) return allow(`allowed by the rule ${ok.text}`, ok);
  if (policy.mode === "yolo") return allow("yolo mode");
  if (isReadOnlyCommand(words)) return allow(`${words[0]} is a read-only command`);
  // A rule for a shell itself (`curl x | sh`) would allow any script: offer no rule, only "yes once".
  const suggestion = NO_RULE_FOR.has(words[0] ?? "") ? undefined : `bash(${suggestCommandPattern(words)})`;
  if (policy.mode === "plan")
    return {
      behavior: "deny",
      reason: `plan mode runs only read-only commands, and ${words[0]} is not one`,
      suggestions: [],
    };
  return {
    behavior: "ask",
    reason: `${what} needs your approval`,
    suggestions: suggestion ? [suggestion] : [],
    modeHint: "yolo",
  };
}

const NO_RULE_FOR = new Set(["sh", "bash", "zsh", "dash", "ksh", "fish", "source", "."]);

/** Programs whose second word is a subcommand worth keeping in a proposed rule. */
const SUBCOMMAND_PROGRAMS = new Set(
  "git npm pnpm yarn bun npx cargo go docker podman kubectl make pip pip3 poetry uv deno gh terraform helm apt apt-get brew dotnet mvn gradle bundle composer systemctl just".split(
    " ",
  ),
);

/** `curl *` for `curl -s x`; `npm test *` for `npm test -- --watch` (a subcommand word is kept). */
export function suggestCommandPattern(words: readonly string[]): string {
  const [first, second] = words;
  if (second !== undefined && SUBCOMMAND_PROGRAMS.has(first ?? "") && /^[a-z][\w:-]*$/i.test(second))
    return `${first} ${second} *`;
  return `${first} *`;
}

/** Non-option arguments, and the values of `--opt=value` options. */
function pathArguments(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const word of words.slice(1)) {
    if (word.startsWith("--") && word.includes("=")) out.push(word.slice(word.indexOf("=") + 1));
    else if (!word.startsWith("-") && word !== "") out.push(word);
  }
  return out;
}

function decideShellRead(target: string, policy: PermissionPolicy, ctx: DecideContext): Decision {
  if (target.includes("$")) return allow("an expansion");
  const decision = decideRead("read", resolveToolPath(target, ctx), policy, ctx);
  // Only a rule or a secret makes an argument matter; plain words are not reads.
  return decision;
}

function decideShellWrite(
  target: string,
  changesDir: boolean,
  policy: PermissionPolicy,
  ctx: DecideContext,
): Decision {
  if (target.includes("$") || (changesDir && !path.isAbsolute(target) && !target.startsWith("~"))) {
    const base: Decision = {
      behavior: "ask",
      reason: target.includes("$")
        ? `it writes to ${target}, a path only known when it runs`
        : `it changes directory and then writes to ${target}, so where is unknown`,
      suggestions: [],
      modeHint: "yolo",
    };
    const deny = firstRule(
      policy,
      "deny",
      (rule) => CHANGE_TOOLS.has(rule.tool) && rule.pattern === undefined,
    );
    if (deny)
      return {
        behavior: "deny",
        reason: `writing files is denied by the rule ${deny.text}`,
        rule: deny,
        suggestions: [],
      };
    if (policy.mode === "yolo") return allow("yolo mode");
    if (policy.mode === "plan")
      return { ...base, behavior: "deny", reason: "plan mode is read-only: files are not changed" };
    return base;
  }
  return decideWrite("write", resolveToolPath(target, ctx), policy, ctx);
}

function decideProblem(problems: string[], policy: PermissionPolicy): Decision {
  const reason = `it cannot be checked before it runs: ${problems.join("; ")}`;
  if (policy.mode === "yolo") return allow("yolo mode");
  if (policy.mode === "plan") return { behavior: "deny", reason: `plan mode: ${reason}`, suggestions: [] };
  return { behavior: "ask", reason, suggestions: [], modeHint: "yolo" };
}

const RANK = { allow: 0, ask: 1, deny: 2 } as const;

/** The strictest part decides; an ask gathers the suggestions of every part that asks. */
function combine(parts: Decision[]): Decision {
  let worst = parts[0]!;
  for (const part of parts) if (RANK[part.behavior] > RANK[worst.behavior]) worst = part;
  if (worst.behavior !== "ask") return worst;
  const asking = parts.filter((p) => p.behavior === "ask");
  const suggestions = [...new Set(asking.flatMap((p) => p.suggestions))];
  // A line with a part no rule can allow (substitution, sudo) cannot be allowed by the suggestions.
  const complete = asking.every((p) => p.suggestions.length > 0);
  const modeHint = asking.some((p) => p.modeHint === "yolo")
    ? "yolo"
    : asking.every((p) => p.modeHint === "accept-edits")
      ? "accept-edits"
      : undefined;
  return {
    ...worst,
    reason: [...new Set(asking.map((p) => p.reason))].join("; "),
    suggestions: complete ? suggestions : [],
    modeHint,
  };
}

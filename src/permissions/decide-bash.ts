// The decision table for a command line (the `bash` tool, or any tool declaring kind "command";
// its rules are `<tool>(words *)`). The line is parsed (tree-sitter), each simple command is
// unwrapped (sudo, env, timeout, xargs, find -exec), its words are resolved the way bash will
// resolve them (variables of the tool environment, ~, globs against the filesystem), and then, as
// in decide.ts:
//   1. deny and ask rules, on the command and on every file it names (deny is never skipped);
//   2. what no ordinary allow rule lifts: a line that runs a string (bash -c, eval, env -S), a
//      command name from a variable, arithmetic and subscripts (they run code) -- refused in every
//      mode when a deny rule for the tool exists, since that rule cannot be checked against it;
//      sudo (only a rule naming sudo allows it); environment prefixes;
//   3. allow rules;
//   4. yolo allows;
//   5. the read-only list (per-command option allowlists; plan refuses anything else), secrets
//      among the files, writes outside the project (decide-files.ts);
//   6. what is left asks.
// Each part is decided on its own and the strictest answer wins. This file reads the line and its
// files; decide-bash-command.ts decides each command in it.
import { decideCommand, LENIENT, notReadOnly } from "./decide-bash-command.js";
import {
  type Line,
  literal,
  pathArguments,
  pathCandidates,
  readsOf,
  treeReads,
  unknownRead,
  writesOf,
} from "./decide-bash-files.js";
import { allow, byMode, combine, firstRule } from "./decide-rules.js";
import { resolveToolPath } from "./paths.js";
import { COMMANDS, judgeReadOnly } from "./read-only.js";
import { ruleNamesTool } from "./rules.js";
import { splitFindExec, unwrapCommand } from "./shell-commands.js";
import type { ShellParse, ShellWord } from "./shell-parse.js";
import { resolveWord, type WordEnv } from "./shell-words.js";
import type { PermissionLookup } from "./tool-permission.js";
import type { Decision, PathContext, PermissionPolicy, ReadDir } from "./types.js";

export interface BashContext extends PathContext {
  parseShell?: ShellParse;
  /** The environment commands get (the tool environment): `$HOME`, `$X` resolve from it. */
  env?: Readonly<Record<string, string>>;
  /** Lists a directory (for globs); undefined when unreadable. */
  readDir?: ReadDir;
  /** Why read-only git must ask here (the repository's config runs programs), if it must. */
  gitConfigProblem?: () => string | undefined;
  /** Secret files the repository tracks (`git log -p` would print them). */
  trackedSecrets?: () => string[];
  /** The tools' declarations (default: the built-in tools'): which rules are about reads and writes. */
  permissionOf?: PermissionLookup;
}

/**
 * Variables that may prefix a command (`LANG=C sort`) and still leave it read-only: they change
 * messages, time zones and colours, never what runs. Any other (`GIT_CONFIG_*`, `PATH`, `LD_*`,
 * `PAGER`, `BASH_ENV`...) makes the command ask.
 */
const HARMLESS_ENV = /^(LANG|LANGUAGE|LC_[A-Z]+|TZ|NO_COLOR|COLUMNS|LINES)$/;
const CHANGES_DIR = new Set(["cd", "pushd", "popd"]);

export function decideBash(
  tool: string,
  command: string,
  policy: PermissionPolicy,
  ctx: BashContext & { permissionOf: PermissionLookup },
): Decision {
  if (!ctx.parseShell) {
    return { behavior: "ask", reason: "the shell parser is not loaded", suggestions: [], modeHint: "yolo" };
  }
  const script = ctx.parseShell(command);
  const names = script.commands.map((c) => c.words[0] ?? "");
  const changesDir =
    names.some((n) => CHANGES_DIR.has(n)) || script.commands.some((c) => c.words.includes("cd"));
  const words: WordEnv = {
    vars: ctx.env,
    home: ctx.home,
    cwd: changesDir ? undefined : ctx.workingDir,
    assigned: script.assigned,
    readDir: ctx.readDir,
    globsUnknown: names.some((n) => n === "shopt" || n === "set") || script.assigned.has("GLOBIGNORE"),
  };
  const line: Line = {
    tool,
    policy,
    ctx,
    words,
    cwds: [ctx.workingDir],
    cwdUnknown: false,
    changesDir,
    parts: [],
    problems: [...script.problems],
  };
  if (changesDir) collectDirectories(script.commands, line);
  for (const name of script.assigned) {
    if (!/^[a-z_][a-z0-9_]*$/.test(name) || name in (ctx.env ?? {}))
      if (!HARMLESS_ENV.test(name))
        line.parts.push(
          notReadOnly(`it sets ${name}, which the shell or the programs it runs may read`, [], line),
        );
  }
  for (const parsed of script.commands)
    decideSimpleCommand(parsed.args, parsed.assignments, parsed.dynamicName, line);
  for (const target of script.reads) for (const part of readsOf(target, line)) line.parts.push(part);
  for (const target of script.writes) line.parts.push(...writesOf(target, line));
  if (line.problems.length > 0) line.parts.push(decideProblem(line.problems, line));
  if (line.parts.length === 0) return allow("nothing to run");
  return combine(line.parts);
}

/** `cd dir` targets, so relative paths are checked against each place they may point. */
function collectDirectories(commands: { args: ShellWord[] }[], line: Line): void {
  for (const command of commands) {
    const [name, ...rest] = command.args;
    // `cd -P dir`, `cd -- dir`: the target is the first word that is not an option.
    const dash = rest.findIndex((w) => w.text === "--");
    const target = dash >= 0 ? rest[dash + 1] : rest.find((w) => !w.text.startsWith("-") || w.text === "-");
    if (!name || !CHANGES_DIR.has(name.text)) continue;
    if (name.text !== "cd" || !target) {
      line.cwdUnknown ||= name.text !== "cd";
      if (name.text === "cd") line.cwds.push(line.ctx.home);
      continue;
    }
    const values = resolveWord(target, { ...line.words, cwd: line.ctx.workingDir });
    if (!values || values[0] === "-") line.cwdUnknown = true;
    else line.cwds.push(...values.map((v) => resolveToolPath(v, line.ctx).lexical));
  }
}

function decideSimpleCommand(
  args: ShellWord[],
  assignments: string[],
  dynamicName: boolean,
  line: Line,
): void {
  const resolved = args.map((arg) => resolveWord(arg, line.words));
  const unknown = new Set(args.filter((_, i) => resolved[i] === undefined).map((a) => a.text));
  const flat = args.flatMap((arg, i) => resolved[i] ?? [arg.text]);
  const unwrapped = unwrapCommand(flat);
  if (unwrapped.runsString) line.problems.push(unwrapped.runsString);
  // `$x` as the command, or in front of it (`timeout $x cmd` may split into another command).
  const before = unwrapped.original.slice(0, unwrapped.original.length - unwrapped.words.length + 1);
  if (dynamicName || before.some((w) => unknown.has(w)))
    line.problems.push("the command name comes from a variable");
  const { find, executed } = splitFindExec(unwrapped.words);
  const prefixes = [...assignments, ...unwrapped.envAssignments].filter((n) => !HARMLESS_ENV.test(n));
  const written = args.map((a) => a.text).join(" ");
  const allLiteral = args.every((a, i) => resolved[i]?.length === 1 && resolved[i]![0] === a.text);
  for (const [index, words] of [find, ...executed].entries()) {
    const name = words[0] ?? "";
    const more = index > 0 || unwrapped.moreArguments;
    line.parts.push(
      decideCommand(words, unwrapped, { unknown, prefixes, more, written, literal: allLiteral }, line),
    );
    if (name === "tee")
      for (const arg of pathArguments(words)) line.parts.push(...writesOf(literal(arg), line));
  }
  // Every file the command names is a read: deny rules and secret paths apply to all of them.
  const judged = judgeReadOnly(unwrapped.words);
  // A command that never opens its arguments (echo): only its wrappers' words can name files
  // (`xargs -a .env echo`).
  const textOnly = judged.readOnly && COMMANDS[unwrapped.words[0] ?? ""]?.textOnly === true;
  const wrapperWords = flat.length - unwrapped.words.length;
  // A read-only command's grammar names its files exactly; for any other, every word may be one.
  const checked = new Set<string>();
  for (const word of flat.slice(1, judged.readOnly ? wrapperWords : 1))
    for (const c of pathCandidates(word)) checked.add(c);
  if (judged.readOnly && !textOnly) for (const file of judged.files) checked.add(file);
  for (const [i, arg] of args.entries()) {
    if (i === 0 || textOnly) continue;
    if (resolved[i] === undefined) {
      if (!LENIENT.has(unwrapped.words[0] ?? "")) line.parts.push(unknownRead(arg.text, line));
    } else if (!judged.readOnly)
      for (const value of resolved[i]!) for (const candidate of pathCandidates(value)) checked.add(candidate);
  }
  for (const candidate of checked) line.parts.push(...readsOf(literal(candidate), line));
  line.parts.push(...treeReads(unwrapped.words, line));
}

function decideProblem(problems: string[], line: Line): Decision {
  const reason = `it cannot be checked before it runs: ${[...new Set(problems)].join("; ")}`;
  // A deny rule for the tool cannot be checked against such a line: it is refused, in every mode.
  const deny = firstRule(line.policy, "deny", (rule) => ruleNamesTool(rule, line.tool));
  if (deny)
    return {
      behavior: "deny",
      reason: `${reason}, and the rule ${deny.text} denies commands`,
      rule: deny,
      suggestions: [],
    };
  return byMode(line.policy, `plan mode: ${reason}`, { reason, suggestions: [], modeHint: "yolo" });
}

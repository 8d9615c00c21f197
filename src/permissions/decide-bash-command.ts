// The decision for one simple command of a bash line, once unwrapped (sudo, env, timeout, xargs,
// find -exec) and its words resolved (decide-bash.ts does both), in the order of decide-bash.ts's
// table: deny and ask rules, sudo, environment prefixes, allow rules, yolo, the read-only list (with
// git's repository config and tracked secrets), and asking for what is left. What makes the whole
// line unjudgeable (step 2's strings, variables and arithmetic) is decided in decide-bash.ts.
import path from "node:path";
import type { Line } from "./decide-bash-files.js";
import { allow, byDenyOrAsk, byMode, firstRule, type Matcher } from "./decide-rules.js";
import { commandGlobRegex } from "./glob.js";
import { COMMANDS, judgeReadOnly, READ_ONLY_COMMANDS } from "./read-only.js";
import { isReadingGitSubcommand } from "./read-only-git.js";
import { ruleNamesTool } from "./rules.js";
import type { UnwrappedCommand } from "./shell-commands.js";
import { suggestCommandPattern } from "./suggest.js";
import type { Decision } from "./types.js";

/** Commands whose words may stay unknown (`echo "done: $?"`): they print them and do nothing else. */
export const LENIENT = new Set(["echo", "true", "false"]);

export interface CommandExtra {
  /** Words whose value is unknown (a variable the line sets, `$1`, `$(...)`). */
  unknown: Set<string>;
  /** Assignment prefixes that are not harmless. */
  prefixes: string[];
  /** The command gets more arguments when it runs (xargs, find -exec). */
  more: boolean;
  /** The command as written (before expansions and globs), for deny and ask rules too. */
  written: string;
  /** Every word was literal (no expansion or glob): the exact command can be a rule. */
  literal: boolean;
}

export function decideCommand(
  words: string[],
  unwrapped: UnwrappedCommand,
  extra: CommandExtra,
  line: Line,
): Decision {
  const { policy } = line;
  const text = words.join(" ");
  const full = unwrapped.original.join(" ");
  const what = `running ${text}`;
  // Deny and ask rules see the unwrapped command and the line as written; `./rm` counts as `rm`.
  const baseName = path.basename(words[0] ?? "");
  const variants = [text, full, extra.written];
  if (baseName !== words[0]) variants.push([baseName, ...words.slice(1)].join(" "));
  const matches =
    (texts: string[]): Matcher =>
    (rule) =>
      ruleNamesTool(rule, line.tool) &&
      (rule.pattern === undefined || texts.some((t) => commandGlobRegex(rule.pattern!).test(t)));
  const ruled = byDenyOrAsk(policy, matches(variants), what);
  if (ruled) return ruled;
  if (unwrapped.sudo) {
    // sudo always asks; only a rule that names sudo itself allows it.
    const explicit = firstRule(
      policy,
      "allow",
      (rule) => matches([full])(rule) && rule.pattern?.startsWith("sudo") === true,
    );
    if (explicit) return allow(`allowed by the rule ${explicit.text}`, explicit);
    const pattern = suggestCommandPattern(unwrapped.original);
    return {
      behavior: "ask",
      reason: `${full} runs with sudo`,
      suggestions: pattern ? [`${line.tool}(${pattern})`] : [],
      exact: [`${line.tool}(${full})`],
    };
  }
  if (extra.prefixes.length > 0)
    return notReadOnly(
      `it sets ${extra.prefixes.join(", ")} for ${words[0]}, which may change what it runs`,
      [],
      line,
    );
  const ok = firstRule(policy, "allow", matches([text, full]));
  if (ok) return allow(`allowed by the rule ${ok.text}`, ok);
  if (policy.mode === "yolo") return allow("yolo mode");
  const why = readOnlyProblem(words, unwrapped, extra, line);
  if (!why) return allow(`${words[0]} is a read-only command`);
  // A listed command refused for an option (`sort -o`): `bash(sort *)` would allow every option.
  const listed =
    READ_ONLY_COMMANDS.includes(words[0] ?? "") &&
    (words[0] !== "git" || isReadingGitSubcommand(words.slice(1)));
  const pattern = listed ? undefined : suggestCommandPattern(words);
  // The exact command as a rule, for the hint; not when a `*` in it would make the rule broader.
  const exact = text.includes("*") || !extra.literal ? undefined : `${line.tool}(${text})`;
  // Say why a command on the read-only list is not read-only here; others just need approval.
  const reason = why.endsWith("is not a read-only command")
    ? `${what} needs your approval`
    : `${what} needs your approval (${why})`;
  return notReadOnly(reason, pattern ? [`${line.tool}(${pattern})`] : [], line, exact);
}

/** Why a command is not read-only here, or undefined when it is. */
function readOnlyProblem(
  words: string[],
  unwrapped: UnwrappedCommand,
  extra: CommandExtra,
  line: Line,
): string | undefined {
  const name = words[0] ?? "";
  const judged = judgeReadOnly(words);
  if (!judged.readOnly) return judged.why;
  if (unwrapped.wrapperProblem) return unwrapped.wrapperProblem;
  const textOnly = COMMANDS[name]?.textOnly === true;
  if (extra.more && !textOnly) return `${name} gets more arguments when it runs (xargs, find -exec)`;
  const unknown = unwrapped.original.slice(1).find((w) => extra.unknown.has(w));
  const lenient = LENIENT.has(name) && unwrapped.original[0] === name;
  if (unknown !== undefined && !lenient) return `${unknown} is only known when it runs`;
  if (name === "git" && line.changesDir) return "git after cd may run another repository";
  if (name === "git") {
    line.gitProblem ??= { why: line.ctx.gitConfigProblem?.() };
    if (line.gitProblem.why) return line.gitProblem.why;
    if (judged.printsContents) {
      line.trackedSecrets ??= line.ctx.trackedSecrets?.() ?? [];
      const [first, ...more] = line.trackedSecrets;
      if (first !== undefined)
        return `it may print secret files the repository tracks (${first}${more.length > 0 ? ` and ${more.length} more` : ""})`;
    }
    return undefined;
  }
  return undefined;
}

export function notReadOnly(reason: string, suggestions: string[], line: Line, exact?: string): Decision {
  return byMode(line.policy, `plan mode runs only read-only commands: ${reason}`, {
    reason,
    suggestions,
    exact: exact ? [exact] : undefined,
    modeHint: "yolo",
  });
}

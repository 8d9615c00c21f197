// The files a bash line names, as the decision table sees them: every value a word may take
// (variables, globs), against every directory the line may be in (after `cd`), checked as reads
// and writes by decide-files.ts; folder trees that recursive readers walk; and words whose value
// is only known when the line runs, which ask.
import path from "node:path";
import type { BashContext } from "./decide-bash.js";
import { decideRead, decideWrite } from "./decide-files.js";
import { allow, byMode, denied, firstRule, namesToolOfKind } from "./decide-rules.js";
import { type ResolvedPath, resolveToolPath } from "./paths.js";
import { checkTree, recursiveRoots } from "./recursive-reads.js";
import type { ShellWord } from "./shell-parse.js";
import { resolveWord, type WordEnv } from "./shell-words.js";
import type { PermissionLookup } from "./tool-permission.js";
import type { Decision, PermissionPolicy } from "./types.js";

/** One bash line being decided: what every part of it needs to know. */
export interface Line {
  /** The tool running the line (`bash`): rules about commands name it. */
  tool: string;
  policy: PermissionPolicy;
  ctx: BashContext & { permissionOf: PermissionLookup };
  words: WordEnv;
  /** Where relative paths may point: the working directory and every `cd` target. */
  cwds: string[];
  /** A `cd` went somewhere unknown. */
  cwdUnknown: boolean;
  changesDir: boolean;
  /** The repository's config problem, asked once per line. */
  gitProblem?: { why: string | undefined };
  /** The repository's tracked secret files, listed once per line. */
  trackedSecrets?: string[];
  parts: Decision[];
  problems: string[];
}

/** `grep -r x dir`, `rg x`: every file below the folder is a read. */
export function treeReads(words: string[], line: Line): Decision[] {
  const { roots, hidden } = recursiveRoots(words);
  const readDir = line.ctx.readDir;
  if (roots.length === 0 || !readDir) return [];
  return roots.flatMap((root) =>
    forEachPlace(root, line, (p) => {
      const found = checkTree(p.lexical, hidden, readDir, (file) =>
        decideRead("read", { lexical: file, real: file }, line.policy, line.ctx),
      );
      return found ? [found] : [];
    }),
  );
}

/**
 * A path in every directory the line may be in (the working directory and each `cd` target), or
 * an ask when a `cd` went somewhere unknown and the path is relative.
 */
function forEachPlace(value: string, line: Line, decideAt: (p: ResolvedPath) => Decision[]): Decision[] {
  const relative = !path.isAbsolute(value) && !value.startsWith("~");
  if (relative && line.cwdUnknown) return [unknownRead(value, line)];
  return (relative ? line.cwds : [line.ctx.workingDir]).flatMap((cwd) =>
    decideAt(resolveToolPath(value, { ...line.ctx, workingDir: cwd })),
  );
}

/** Non-option arguments, `--opt=value` values, and what follows a short option letter. */
export function pathCandidates(word: string): string[] {
  if (word.startsWith("--")) return word.includes("=") ? [word.slice(word.indexOf("=") + 1)] : [];
  // `-n20` is a count; `-f.env` may be a file.
  if (word.startsWith("-") && word.length > 2) return /^-[a-zA-Z]?\d+$/.test(word) ? [] : [word.slice(2)];
  if (word.startsWith("-") || word === "") return [];
  return [word];
}

export function pathArguments(words: readonly string[]): string[] {
  return words.slice(1).flatMap((w) => (w.startsWith("-") ? [] : [w]));
}

export const literal = (text: string): ShellWord => ({ text, parts: [{ kind: "text", text, quoted: true }] });

/** The places a read may open: every value of the word, against every possible directory. */
export function readsOf(target: ShellWord, line: Line): Decision[] {
  const values = resolveWord(target, line.words);
  if (!values) return [unknownRead(target.text, line)];
  return values.flatMap((value) =>
    forEachPlace(value, line, (p) => [decideRead("read", p, line.policy, line.ctx)]),
  );
}

/** A file argument only known when the command runs: checked against nothing, so it asks. */
export function unknownRead(text: string, line: Line): Decision {
  const deny = firstRule(line.policy, "deny", (rule) => namesToolOfKind(rule, "read", line.ctx.permissionOf));
  const reason = `${text} is only known when it runs, so it cannot be checked against secret paths${deny ? ` and the rule ${deny.text}` : ""}`;
  if (line.policy.mode === "yolo" && !deny) return allow("yolo mode");
  return { behavior: "ask", reason, suggestions: [], modeHint: deny ? undefined : "yolo" };
}

export function writesOf(target: ShellWord, line: Line): Decision[] {
  const values = resolveWord(target, line.words);
  const { policy } = line;
  const unknownWhere = values === undefined;
  const relativeAfterCd = values?.some((v) => line.changesDir && !path.isAbsolute(v) && !v.startsWith("~"));
  if (unknownWhere || relativeAfterCd) {
    const deny = firstRule(
      policy,
      "deny",
      (rule) => namesToolOfKind(rule, "write", line.ctx.permissionOf) && rule.pattern === undefined,
    );
    if (deny) return [denied(deny, "writing files")];
    const reason = unknownWhere
      ? `it writes to ${target.text}, a path only known when it runs`
      : `it changes directory and then writes to ${target.text}, so where is unknown`;
    return [
      byMode(policy, "plan mode is read-only: files are not changed", {
        reason,
        suggestions: [],
        modeHint: "yolo",
      }),
    ];
  }
  return values!.map((value) => decideWrite("write", resolveToolPath(value, line.ctx), policy, line.ctx));
}

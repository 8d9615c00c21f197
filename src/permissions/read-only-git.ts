// Read-only git: a few reading subcommands, each with an allowlist of options, run only against the
// project's own repository. No -C, --git-dir, --work-tree or -c (another repository, or another
// configuration: a committed `evil/` folder with HEAD and config is a repository to `git -C evil`),
// no --paginate. The bash tool runs every git with hardening (src/tools/git-hardening.ts):
// no fsmonitor, pager, external diff or signature program, and bare repositories only when named.
// The subcommands and their options are listed in read-only-git-options.ts.
import { parseOptions } from "./getopt.js";
import { GIT_SUBCOMMANDS } from "./read-only-git-options.js";
import type { ReadOnlyVerdict } from "./read-only-spec.js";

export { GIT_SUBCOMMANDS } from "./read-only-git-options.js";

/** Global options that change nothing: everything else (-C, -c, --git-dir, --work-tree, -p) asks. */
const GLOBAL_OK = new Set(["--no-pager", "-P", "--no-optional-locks", "--literal-pathspecs"]);

export function gitReadOnly(args: readonly string[]): ReadOnlyVerdict {
  let i = 0;
  for (; i < args.length && args[i]!.startsWith("-"); i++) {
    if (!GLOBAL_OK.has(args[i]!))
      return { readOnly: false, why: `git ${args[i]} may run another repository or configuration` };
  }
  const sub = args[i] ?? "";
  if (sub === "remote") {
    const rest = args.slice(i + 1);
    const ok = rest.length === 0 || (rest.length === 1 && (rest[0] === "-v" || rest[0] === "--verbose"));
    return ok
      ? { readOnly: true, files: [] }
      : { readOnly: false, why: "git remote with arguments changes remotes" };
  }
  if (sub === "reflog") {
    // `git reflog` is `git reflog show`; its other subcommands (expire, delete) write.
    const rest = args.slice(i + 1);
    if (rest.length === 0) return { readOnly: true, files: [] };
    if (rest[0] !== "show") return { readOnly: false, why: `git reflog ${rest[0]} changes the reflog` };
    const parsed = parseOptions(rest.slice(1), GIT_SUBCOMMANDS.log!);
    return parsed.ok
      ? { readOnly: true, files: [], printsContents: printsContents("log", parsed.options) }
      : { readOnly: false, why: "git reflog show with an option not on the list of git log" };
  }
  const grammar = GIT_SUBCOMMANDS[sub];
  if (!grammar) return { readOnly: false, why: `git ${sub} is not a read-only git command` };
  const parsed = parseOptions(args.slice(i + 1), grammar);
  if (!parsed.ok)
    return { readOnly: false, why: `git ${sub} ${parsed.unknown} is not on its list of read-only options` };
  const needs = grammar.operandsOnlyWith;
  if (needs && parsed.operands.length > 0 && !parsed.options.some((o) => needs.includes(o.name)))
    return { readOnly: false, why: `git ${sub} with a name changes something` };
  // Operands are revisions and pathspecs: checked as paths, so `git diff -- .env` and
  // `git show HEAD:.env` ask like `cat .env`. Option values are patterns and formats, except
  // `git grep -f FILE`, which reads its patterns from a file.
  const paths = parsed.operands.flatMap((o) => (o.includes(":") ? [o, o.slice(o.indexOf(":") + 1)] : [o]));
  const patternFiles =
    sub === "grep" ? parsed.options.filter((o) => o.name === "-f").map((o) => o.value!) : [];
  return {
    readOnly: true,
    files: [...paths, ...patternFiles],
    printsContents: printsContents(sub, parsed.options),
  };
}

/** Options of git log that add each commit's patch (file contents) to its output. */
const PATCH_OPTIONS = new Set([
  "-p",
  "-u",
  "-U",
  "--patch",
  "--unified",
  "--word-diff",
  "--function-context",
]);

/** Whether the subcommand prints file contents: show, diff, grep, cat-file, blame, and log with a patch. */
function printsContents(sub: string, options: readonly { name: string }[]): boolean {
  if (["show", "diff", "grep", "cat-file", "blame"].includes(sub)) return true;
  return sub === "log" && options.some((o) => PATCH_OPTIONS.has(o.name));
}

/** Whether a git line names one of the reading subcommands (whatever its options). */
export function isReadingGitSubcommand(args: readonly string[]): boolean {
  const sub = args.find((a) => !a.startsWith("-")) ?? "";
  return sub in GIT_SUBCOMMANDS || sub === "remote" || sub === "reflog";
}

// Read-only git: a few reading subcommands, each with an allowlist of options, run only against the
// project's own repository. No -C, --git-dir, --work-tree or -c (another repository, or another
// configuration: a committed `evil/` folder with HEAD and config is a repository to `git -C evil`),
// no --paginate. The bash tool runs every git with hardening (src/tools/git-hardening.ts):
// no fsmonitor, pager, external diff or signature program, and bare repositories only when named.
import { type OptionGrammar, parseOptions } from "./getopt.js";
import type { ReadOnlyVerdict } from "./read-only-spec.js";

type Long = Record<string, "none" | "value" | "optional">;

const DIFF_LONG: Long = {
  stat: "optional",
  numstat: "none",
  shortstat: "none",
  "name-only": "none",
  "name-status": "none",
  patch: "none",
  "no-patch": "none",
  unified: "value",
  raw: "none",
  minimal: "none",
  patience: "none",
  histogram: "none",
  "word-diff": "optional",
  color: "optional",
  "no-color": "none",
  "ignore-space-change": "none",
  "ignore-all-space": "none",
  "ignore-blank-lines": "none",
  "ignore-cr-at-eol": "none",
  "find-renames": "optional",
  "no-renames": "none",
  summary: "none",
  "full-index": "none",
  abbrev: "optional",
  check: "none",
  "exit-code": "none",
  quiet: "none",
  relative: "optional",
  text: "none",
  "diff-filter": "value",
  "compact-summary": "none",
  dirstat: "optional",
  submodule: "optional",
  "function-context": "none",
  "color-moved": "optional",
  "no-ext-diff": "none",
  "no-textconv": "none",
};

const LOG_LONG: Long = {
  ...DIFF_LONG,
  oneline: "none",
  graph: "none",
  all: "none",
  decorate: "optional",
  "no-decorate": "none",
  "max-count": "value",
  skip: "value",
  since: "value",
  after: "value",
  until: "value",
  before: "value",
  author: "value",
  committer: "value",
  grep: "value",
  format: "value",
  pretty: "optional",
  "abbrev-commit": "none",
  "no-merges": "none",
  merges: "none",
  "first-parent": "none",
  reverse: "none",
  follow: "none",
  date: "value",
  branches: "optional",
  tags: "optional",
  remotes: "optional",
  "left-right": "none",
  "topo-order": "none",
  "date-order": "none",
  "all-match": "none",
  "invert-grep": "none",
  "regexp-ignore-case": "none",
  "relative-date": "none",
};

export const GIT_SUBCOMMANDS: Record<string, OptionGrammar & { operandsOnlyWith?: string[] }> = {
  status: {
    flags: "sbvz",
    optional: "u",
    long: {
      short: "none",
      branch: "none",
      porcelain: "optional",
      long: "none",
      verbose: "none",
      "untracked-files": "optional",
      ignored: "optional",
      "ignore-submodules": "optional",
      "no-renames": "none",
      "show-stash": "none",
      "ahead-behind": "none",
    },
  },
  diff: {
    flags: "pusRawbz",
    optional: "UMB",
    long: { ...DIFF_LONG, cached: "none", staged: "none", "merge-base": "none" },
  },
  log: { flags: "psuRawbzi", values: "nSG", optional: "UM", numberOption: true, long: LOG_LONG },
  show: { flags: "psuRawbz", optional: "UM", long: LOG_LONG },
  branch: {
    // `git branch name` creates a branch; with --list, --contains... the words are patterns.
    flags: "arvl",
    long: {
      all: "none",
      remotes: "none",
      verbose: "none",
      list: "none",
      "show-current": "none",
      contains: "optional",
      "no-contains": "optional",
      merged: "optional",
      "no-merged": "optional",
      "points-at": "value",
      sort: "value",
      format: "value",
      color: "optional",
      "no-color": "none",
      abbrev: "optional",
    },
    operandsOnlyWith: [
      "-l",
      "--list",
      "--contains",
      "--no-contains",
      "--merged",
      "--no-merged",
      "--points-at",
    ],
  },
  "rev-parse": {
    flags: "q",
    long: {
      "show-toplevel": "none",
      "abbrev-ref": "optional",
      short: "optional",
      verify: "none",
      "git-dir": "none",
      "absolute-git-dir": "none",
      "is-inside-work-tree": "none",
      "show-prefix": "none",
      "show-cdup": "none",
      "symbolic-full-name": "none",
      quiet: "none",
    },
  },
  "ls-files": {
    flags: "cdmoiskutvz",
    long: {
      cached: "none",
      deleted: "none",
      modified: "none",
      others: "none",
      ignored: "none",
      stage: "none",
      unmerged: "none",
      "exclude-standard": "none",
      "full-name": "none",
      "error-unmatch": "none",
      directory: "none",
      "no-empty-directory": "none",
      abbrev: "optional",
      deduplicate: "none",
    },
  },
  "ls-tree": {
    flags: "rdtlz",
    long: {
      "name-only": "none",
      "name-status": "none",
      "object-only": "none",
      "full-name": "none",
      "full-tree": "none",
      long: "none",
      abbrev: "optional",
    },
  },
  blame: {
    flags: "lstfnepw",
    values: "L",
    long: {
      porcelain: "none",
      "line-porcelain": "none",
      "show-name": "none",
      "show-number": "none",
      "show-email": "none",
      date: "value",
      root: "none",
      "no-textconv": "none",
    },
  },
  describe: {
    long: {
      tags: "none",
      all: "none",
      always: "none",
      long: "none",
      abbrev: "optional",
      dirty: "optional",
      "exact-match": "none",
    },
  },
  shortlog: { flags: "nse", long: { numbered: "none", summary: "none", email: "none", all: "none" } },
  // Not -O/--open-files-in-pager (runs a program), --textconv, --no-index/--untracked (files
  // outside the repository's history, unchecked here).
  grep: {
    flags: "EFGPiIvwnlLcohHqzr",
    values: "efABC",
    numberOption: true,
    long: {
      "extended-regexp": "none",
      "fixed-strings": "none",
      "basic-regexp": "none",
      "perl-regexp": "none",
      "ignore-case": "none",
      "invert-match": "none",
      "word-regexp": "none",
      "line-number": "none",
      "files-with-matches": "none",
      "files-without-match": "none",
      count: "none",
      "only-matching": "none",
      cached: "none",
      "show-function": "none",
      break: "none",
      heading: "none",
      quiet: "none",
      "max-depth": "value",
      "no-textconv": "none",
    },
  },
  "cat-file": { flags: "tpse", long: { "batch-check": "optional" } },
};

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
  // `git show HEAD:.env` ask like `cat .env`. Option values are patterns and formats.
  const paths = parsed.operands.flatMap((o) => (o.includes(":") ? [o, o.slice(o.indexOf(":") + 1)] : [o]));
  return { readOnly: true, files: paths, printsContents: printsContents(sub, parsed.options) };
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

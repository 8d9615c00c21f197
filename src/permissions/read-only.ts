// The maintained list of read-only shell commands: they run without asking in `default`,
// `accept-edits` and `plan`. A command is read-only only with the arguments checked here: `find`
// without -delete or -fprint, `git` with its reading subcommands and no writing flags, and so on.
// (Files named by a redirection or `tee` are writes and are judged by the write rules instead.)

type Check = (args: readonly string[]) => boolean;

const any: Check = () => true;
const without =
  (...flags: string[]): Check =>
  (args) =>
    !args.some((a) => flags.some((f) => a === f || (f.startsWith("--") && a.startsWith(`${f}=`))));
const positionalsAtMost =
  (n: number): Check =>
  (args) =>
    args.filter((a) => !a.startsWith("-")).length <= n;
const noArgs: Check = (args) => args.length === 0;

const FIND_WRITES = ["-delete", "-fprint", "-fprint0", "-fprintf", "-fls"];

const COMMANDS: Record<string, Check> = {
  ls: any,
  cat: any,
  head: any,
  tail: any,
  wc: any,
  pwd: any,
  echo: any,
  printf: any,
  grep: any,
  egrep: any,
  fgrep: any,
  rg: without("--pre", "--pre-glob"),
  find: without(...FIND_WRITES),
  which: any,
  whereis: any,
  type: any,
  file: without("-C", "--compile"),
  stat: any,
  true: any,
  false: any,
  date: without("-s", "--set"),
  whoami: any,
  id: any,
  uname: any,
  hostname: noArgs,
  basename: any,
  dirname: any,
  realpath: any,
  readlink: any,
  tree: without("-o"),
  du: any,
  df: any,
  cut: any,
  tr: any,
  nl: any,
  diff: any,
  cmp: any,
  comm: any,
  uniq: positionalsAtMost(1),
  sort: without("-o", "--output"),
  column: any,
  seq: any,
  jq: any,
  md5sum: any,
  sha1sum: any,
  sha256sum: any,
  sha512sum: any,
  cksum: any,
  od: any,
  hexdump: any,
  xxd: (args) => !args.includes("-r") && positionalsAtMost(1)(args),
  strings: any,
  printenv: any,
  env: noArgs,
  test: any,
  "[": any,
  cd: any,
  pushd: any,
  popd: any,
  ps: any,
  sleep: any,
  tee: any, // its file arguments are writes, judged separately
  git: gitReadOnly,
};

export function isReadOnlyCommand(words: readonly string[]): boolean {
  const check = COMMANDS[words[0] ?? ""];
  return check?.(words.slice(1)) === true;
}

/** The names on the list (for docs and /permissions). */
export const READ_ONLY_COMMANDS = Object.keys(COMMANDS).sort();

const GIT_READING: Record<string, Check> = {
  status: any,
  diff: without("--output"),
  log: without("--output"),
  show: without("--output"),
  branch: gitBranchReadOnly,
  "rev-parse": any,
  "ls-files": any,
  "ls-tree": any,
  blame: any,
  describe: any,
  shortlog: any,
  grep: without("-O", "--open-files-in-pager"),
  remote: (args) => args.length === 0 || (args.length === 1 && (args[0] === "-v" || args[0] === "--verbose")),
  reflog: (args) => args.length === 0 || args[0] === "show",
  "cat-file": any,
};

/** `git [-C dir] [--no-pager] <sub> ...`; `-c name=value` can set a pager or alias, so it is not read-only. */
function gitReadOnly(args: readonly string[]): boolean {
  let i = 0;
  while (i < args.length && args[i]!.startsWith("-")) {
    const a = args[i]!;
    if (a === "-C") i += 2;
    else if (a === "--no-pager" || a === "-P" || a === "--no-optional-locks") i++;
    else return false;
  }
  const check = GIT_READING[args[i] ?? ""];
  return check?.(args.slice(i + 1)) === true;
}

const BRANCH_WRITES = new Set([
  "-d",
  "-D",
  "--delete",
  "-m",
  "-M",
  "--move",
  "-c",
  "-C",
  "--copy",
  "-f",
  "--force",
  "-u",
  "--set-upstream-to",
  "--unset-upstream",
  "--edit-description",
  "-t",
  "--track",
  "--no-track",
]);
const BRANCH_LISTING = new Set([
  "-l",
  "--list",
  "--contains",
  "--no-contains",
  "--merged",
  "--no-merged",
  "--points-at",
]);

function gitBranchReadOnly(args: readonly string[]): boolean {
  if (args.some((a) => BRANCH_WRITES.has(a.split("=")[0]!))) return false;
  const positional = args.some((a) => !a.startsWith("-"));
  // `git branch name` creates a branch; with --list or --contains the words are patterns or commits.
  return !positional || args.some((a) => BRANCH_LISTING.has(a.split("=")[0]!));
}

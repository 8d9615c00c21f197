// The rule proposed for "yes, and don't ask again" and for the print-mode hint: the narrowest rule
// that still helps. `python3 -m pytest -q` proposes `bash(python3 -m pytest *)`, `npm run test`
// proposes `bash(npm run test *)`. A bare interpreter or shell (`python3 *` would run any code) and
// a destructive command (`rm *`, `git push *` would cover --force) get no rule at all: the user
// approves them one by one, and the hint names the exact command.

/** Programs that run any code given to them: a rule keeps their module/package or is not offered. */
const INTERPRETERS = new Set(
  "sh bash zsh dash ksh fish busybox source . python python2 python3 node nodejs perl ruby php lua deno bun tclsh osascript pwsh powershell".split(
    " ",
  ),
);
/** Runners of a package or script by name: keep that name (`npx vitest *`). */
const PACKAGE_RUNNERS = new Set(["npx", "bunx", "pnpx", "uvx", "pipx"]);
const DESTRUCTIVE = new Set(
  "rm rmdir shred dd truncate chmod chown chgrp mkfs kill pkill killall wipefs fdisk parted".split(" "),
);
const DESTRUCTIVE_GIT = new Set(["push", "reset", "clean", "restore", "checkout", "rebase", "filter-branch"]);

/** Programs whose second word is a subcommand worth keeping in a proposed rule. */
const SUBCOMMAND_PROGRAMS = new Set(
  "git npm pnpm yarn bun cargo go docker podman kubectl make pip pip3 poetry uv deno gh terraform helm apt apt-get brew dotnet mvn gradle bundle composer systemctl just".split(
    " ",
  ),
);
/** Subcommands that run a named script or package: keep the name too (`npm run test *`). */
const RUNS_NAMED = new Set(["run", "run-script", "exec", "x", "dlx", "tool"]);

const NAME = /^[a-z0-9@][\w:@./+-]*$/i;

/**
 * The narrowest useful rule pattern for a command, or undefined when none should be offered.
 * `curl *` for `curl -s x`; `npm test *` for `npm test -- --watch`; `npm run test *`.
 */
export function suggestCommandPattern(words: readonly string[]): string | undefined {
  const [first = "", second, third] = words;
  if (DESTRUCTIVE.has(first) || first.startsWith("mkfs.")) return undefined;
  if (first === "git" && DESTRUCTIVE_GIT.has(second ?? "")) return undefined;
  if (INTERPRETERS.has(first)) {
    // `python3 -m pytest -q` -> `python3 -m pytest *`; a script or -c gets nothing.
    if (second === "-m" && third !== undefined && NAME.test(third)) return `${first} -m ${third} *`;
    return undefined;
  }
  if (PACKAGE_RUNNERS.has(first)) {
    const pkg = words.slice(1).find((w) => !w.startsWith("-"));
    return pkg !== undefined && NAME.test(pkg) && !pkg.includes("/") ? `${first} ${pkg} *` : undefined;
  }
  if (second !== undefined && SUBCOMMAND_PROGRAMS.has(first) && /^[a-z][\w:-]*$/i.test(second)) {
    if (RUNS_NAMED.has(second)) {
      if (third === undefined) return `${first} ${second}`;
      if (!NAME.test(third) || third.startsWith("-")) return undefined;
      if (second === "exec" || second === "x" || second === "dlx") {
        if (third.includes("/")) return undefined;
      }
      return `${first} ${second} ${third} *`;
    }
    return `${first} ${second} *`;
  }
  return `${first} *`;
}

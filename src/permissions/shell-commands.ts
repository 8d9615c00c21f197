// What a simple command really runs: wrappers (sudo, env, timeout, nice, xargs, find -exec ...) are
// unwrapped so rules see the command inside, and commands that run other code from a string
// (`eval`, `bash -c`) are flagged.

import { type OptionGrammar, parseOptions } from "./getopt.js";

export interface UnwrappedCommand {
  /** The words rules and the read-only list look at (wrappers removed). */
  words: string[];
  /** The words as written (with wrappers), so `bash(sudo apt *)` can be allowed explicitly. */
  original: string[];
  sudo: boolean;
  /** Set when the command runs a string as code (eval, bash -c, env -S): it cannot be judged. */
  runsString?: string;
  /** Set when a wrapper is used with an option not on its list: the command is not read-only. */
  wrapperProblem?: string;
  /** Variables set by `env NAME=value` (they are part of the command, like a prefix). */
  envAssignments: string[];
  /** `xargs cmd`: the command gets more arguments, only known when it runs. */
  moreArguments: boolean;
}

/** Each wrapper's options (an allowlist: anything else is a wrapperProblem). */
const WRAPPERS: Record<string, { grammar: OptionGrammar; positional?: number }> = {
  sudo: { grammar: { flags: "AbEHiKklnPSsV", values: "CghpRrTtUuD", stopAtOperand: true } },
  doas: { grammar: { flags: "nsL", values: "uC", stopAtOperand: true } },
  // Not -S/--split-string (a command line as a string), -C/--chdir, nor -i/-u: they would remove
  // the git hardening the bash tool puts in the environment.
  env: { grammar: { flags: "0", long: { null: "none" }, stopAtOperand: true } },
  timeout: {
    grammar: {
      flags: "v",
      values: "sk",
      long: {
        signal: "value",
        "kill-after": "value",
        foreground: "none",
        "preserve-status": "none",
        verbose: "none",
      },
      stopAtOperand: true,
    },
    positional: 1,
  },
  nice: { grammar: { values: "n", numberOption: true, long: { adjustment: "value" }, stopAtOperand: true } },
  nohup: { grammar: { stopAtOperand: true } },
  // Not -o/--output (writes a file).
  time: {
    grammar: {
      flags: "pv",
      values: "f",
      long: { format: "value", portability: "none", verbose: "none" },
      stopAtOperand: true,
    },
  },
  stdbuf: {
    grammar: {
      values: "ioe",
      long: { input: "value", output: "value", error: "value" },
      stopAtOperand: true,
    },
  },
  exec: { grammar: { flags: "cl", values: "a", stopAtOperand: true } },
  command: { grammar: { flags: "p", stopAtOperand: true } },
  builtin: { grammar: { stopAtOperand: true } },
  xargs: {
    grammar: {
      flags: "0prtx",
      values: "adEILnPs",
      optional: "eil",
      long: {
        null: "none",
        "arg-file": "value",
        delimiter: "value",
        eof: "optional",
        replace: "optional",
        "max-lines": "optional",
        "max-args": "value",
        "max-procs": "value",
        "max-chars": "value",
        interactive: "none",
        verbose: "none",
        exit: "none",
        "no-run-if-empty": "none",
      },
      stopAtOperand: true,
    },
  },
};

const SHELLS = new Set(["bash", "sh", "zsh", "dash", "ksh", "fish", "busybox"]);
const STANDARD_BIN = /^\/(?:usr\/(?:local\/)?)?s?bin\/([^/]+)$/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** `/usr/bin/rm` is `rm` for rules and the read-only list; `./rm` is not. */
function normaliseName(word: string): string {
  const match = STANDARD_BIN.exec(word);
  return match ? match[1]! : word;
}

export function unwrapCommand(words: readonly string[]): UnwrappedCommand {
  let rest = words.slice();
  const result: UnwrappedCommand = {
    words: rest,
    original: words.slice(),
    sudo: false,
    envAssignments: [],
    moreArguments: false,
  };
  for (let guard = 0; guard < 16 && rest.length > 0; guard++) {
    const name = normaliseName(rest[0]!);
    const wrapper = WRAPPERS[name];
    if (!wrapper) break;
    if (name === "sudo" || name === "doas") result.sudo = true;
    // `command -v x` asks a question; it runs nothing.
    if (name === "command" && (rest[1] === "-v" || rest[1] === "-V")) break;
    if (name === "env" && rest.slice(1).some((w) => /^(-[^-]*S|--sp|--split-string)/.test(w)))
      result.runsString = "it runs a string with env -S";
    let args = rest.slice(1);
    const parsed = parseOptions(args, wrapper.grammar);
    if (parsed.ok) args = parsed.operands;
    else {
      result.wrapperProblem ??= `${name} ${parsed.unknown} is not on its list of options`;
      args = skipOptionsLoosely(args);
    }
    if (name === "env") {
      while (args[0] !== undefined && ASSIGNMENT.test(args[0]))
        result.envAssignments.push(args.shift()!.split("=")[0]!);
      if (args[0] === "-") args.shift();
    }
    if (name === "xargs") result.moreArguments = true;
    args = args.slice(wrapper.positional ?? 0);
    if (args.length === 0) {
      // `xargs` alone runs echo; `env` alone prints the environment; `sudo` alone does nothing useful.
      rest = name === "xargs" ? ["echo"] : [name];
      break;
    }
    rest = args;
  }
  if (rest.length > 0) rest[0] = normaliseName(rest[0]!);
  result.words = rest;
  const name = rest[0] ?? "";
  if (name === "eval") result.runsString = "it runs a string with eval";
  else if (SHELLS.has(name) && rest.slice(1).some((w) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(w)))
    result.runsString = `it runs a string with ${name} -c`;
  return result;
}

/** When a wrapper's options are not all known: skip dash words, so rules still see the command. */
function skipOptionsLoosely(args: string[]): string[] {
  let i = 0;
  while (i < args.length && args[i]!.startsWith("-") && args[i] !== "-") i++;
  return args.slice(i);
}

const FIND_EXEC = new Set(["-exec", "-execdir", "-ok", "-okdir"]);

/** `find . -exec rm {} ;` is two commands: the find, and the command it runs for each file. */
export function splitFindExec(words: readonly string[]): { find: string[]; executed: string[][] } {
  if (words[0] !== "find") return { find: words.slice(), executed: [] };
  const find: string[] = [];
  const executed: string[][] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!FIND_EXEC.has(word)) {
      find.push(word);
      continue;
    }
    const inner: string[] = [];
    for (i++; i < words.length && words[i] !== ";" && words[i] !== "+"; i++) inner.push(words[i]!);
    executed.push(inner.length > 0 ? inner : ["true"]);
  }
  return { find, executed };
}

// Read-only commands that look at the system and at names rather than contents (ls, stat, date,
// id, which, cd...), each with the ALLOWLIST of its options (see read-only.ts). Those marked
// textOnly never open their arguments; the others' arguments are checked as reads.
import type { CommandSpec } from "./read-only-spec.js";
import { noOperands, TEXT } from "./read-only-spec.js";

export const SYSTEM_COMMANDS: Record<string, CommandSpec> = {
  ls: {
    grammar: {
      flags: "1aAbBcCdFgGhHiklLmnNopqQrRsStuUvxXZ",
      values: "IwT",
      long: {
        all: "none",
        "almost-all": "none",
        "human-readable": "none",
        recursive: "none",
        reverse: "none",
        size: "none",
        sort: "value",
        time: "value",
        color: "optional",
        directory: "none",
        dereference: "none",
        inode: "none",
        ignore: "value",
        "group-directories-first": "none",
        "full-time": "none",
        classify: "optional",
        width: "value",
      },
    },
  },
  pwd: { grammar: { flags: "LP" }, textOnly: true },
  // echo knows only -n, -e, -E, and prints anything else: its words need no parsing.
  echo: { grammar: { flags: "neE", stopAtOperand: true }, textOnly: true },
  // printf -v assigns a variable (with a subscript, that evaluates code): no options at all.
  printf: { grammar: { stopAtOperand: true }, textOnly: true },
  which: { grammar: { flags: "as" }, textOnly: true },
  whereis: { grammar: { flags: "bmsu" }, textOnly: true },
  type: { grammar: { flags: "afptP" }, textOnly: true },
  file: {
    // Not -C (writes a compiled magic file), -z/-Z (runs decompressors), -m (loads magic files).
    grammar: {
      flags: "bhiLNnrsk0",
      values: "F",
      long: {
        brief: "none",
        mime: "none",
        "mime-type": "none",
        "mime-encoding": "none",
        dereference: "none",
        "no-dereference": "none",
        separator: "value",
        "keep-going": "none",
      },
    },
  },
  stat: {
    grammar: {
      flags: "LftZ",
      values: "c",
      long: { dereference: "none", "file-system": "none", format: "value", printf: "value", terse: "none" },
    },
  },
  true: TEXT,
  false: TEXT,
  date: {
    // An operand other than +FORMAT sets the clock; -s/--set too.
    grammar: {
      flags: "uR",
      values: "dfr",
      optional: "I",
      long: {
        date: "value",
        file: "value",
        "iso-8601": "optional",
        "rfc-email": "none",
        "rfc-3339": "value",
        reference: "value",
        utc: "none",
        universal: "none",
      },
    },
    check: (parsed) =>
      parsed.operands.every((o) => o.startsWith("+")) ? undefined : "an operand sets the clock",
  },
  whoami: TEXT,
  id: { grammar: { flags: "gGnruz" }, textOnly: true },
  uname: { grammar: { flags: "asnrvmpio" }, textOnly: true },
  hostname: { grammar: { flags: "fsdiIA" }, textOnly: true, check: noOperands },
  basename: {
    grammar: { flags: "az", values: "s", long: { multiple: "none", suffix: "value", zero: "none" } },
    textOnly: true,
  },
  dirname: { grammar: { flags: "z", long: { zero: "none" } }, textOnly: true },
  realpath: {
    grammar: {
      flags: "eLmPqsz",
      long: {
        "relative-to": "value",
        "relative-base": "value",
        quiet: "none",
        "no-symlinks": "none",
        zero: "none",
      },
    },
  },
  readlink: { grammar: { flags: "efmnqsvz", long: { canonicalize: "none", "no-newline": "none" } } },
  tree: {
    // Not -o (writes a file).
    grammar: {
      flags: "adlfxpugshDFqNrtvUCAiJ",
      values: "LPI",
      long: {
        noreport: "none",
        dirsfirst: "none",
        charset: "value",
        filelimit: "value",
        gitignore: "none",
        prune: "none",
      },
    },
  },
  du: {
    grammar: {
      flags: "0abcDhHkLlmPsSx",
      values: "dBt",
      long: {
        all: "none",
        "apparent-size": "none",
        bytes: "none",
        total: "none",
        "human-readable": "none",
        si: "none",
        "max-depth": "value",
        summarize: "none",
        "separate-dirs": "none",
        "one-file-system": "none",
        exclude: "value",
        "block-size": "value",
        threshold: "value",
        inodes: "none",
      },
    },
  },
  df: {
    grammar: {
      flags: "ahHiklPTv",
      values: "tBx",
      long: {
        all: "none",
        "human-readable": "none",
        si: "none",
        inodes: "none",
        local: "none",
        portability: "none",
        "print-type": "none",
        total: "none",
        type: "value",
        "exclude-type": "value",
        "block-size": "value",
      },
    },
  },
  seq: { grammar: { flags: "w", values: "fs", stopAtOperand: true }, textOnly: true },
  printenv: { grammar: { flags: "0", long: { null: "none" } }, textOnly: true },
  env: { grammar: { flags: "0", long: { null: "none" } }, textOnly: true, check: noOperands },
  // `test -v name` / `-R name` evaluate a subscript: the parser reports those; the rest only
  // stats files (operators are words, not options).
  test: { grammar: { stopAtOperand: true, operandsOnly: true }, textOnly: true },
  "[": { grammar: { stopAtOperand: true, operandsOnly: true }, textOnly: true },
  cd: { grammar: { flags: "LPe" } },
  pushd: { grammar: { stopAtOperand: true } },
  popd: { grammar: { stopAtOperand: true } },
  sleep: TEXT,
  tee: { grammar: { flags: "aip", long: { append: "none", "ignore-interrupts": "none" } } },
};

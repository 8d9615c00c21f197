// The maintained list of read-only shell commands: they run without asking in `default`,
// `accept-edits` and `plan`. Each command has an ALLOWLIST of options, read with the program's own
// grammar (see getopt.ts): an option not listed here, however it is spelled (`-uoFILE`, `--outp=`),
// makes the command ask. Keep the list short and boring: a command earns its place with its option
// list and tests (test/permissions/option-forms.test.ts generates every spelling of every option).
// (Files named by a redirection or `tee` are writes and are judged by the write rules instead.)
import { type OptionGrammar, type ParsedArgs, parseOptions } from "./getopt.js";
import { gitReadOnly } from "./read-only-git.js";

export interface CommandSpec {
  grammar: OptionGrammar;
  /** Its arguments are never opened as files (echo, basename): they are not checked as paths. */
  textOnly?: boolean;
  /** More conditions on the parsed arguments (e.g. `uniq` writes its second operand). */
  check?: (parsed: Extract<ParsedArgs, { ok: true }>) => string | undefined;
}

export type ReadOnlyVerdict =
  | {
      readOnly: true /** Words that name files (operands and option values), to check as reads. */;
      files: string[];
    }
  | { readOnly: false; why: string };

const TEXT: CommandSpec = { grammar: {}, textOnly: true };
const operandsAtMost =
  (n: number, what: string) =>
  (parsed: { operands: string[] }): string | undefined =>
    parsed.operands.length > n ? what : undefined;
const noOperands = operandsAtMost(0, "an operand changes something");

const GREP: CommandSpec = {
  grammar: {
    flags: "EFGPiyvwxclLoqsbHhnTZzUraRI",
    values: "efmABCdD",
    numberOption: true,
    long: {
      "extended-regexp": "none",
      "fixed-strings": "none",
      "basic-regexp": "none",
      "perl-regexp": "none",
      regexp: "value",
      file: "value",
      "ignore-case": "none",
      "no-ignore-case": "none",
      "word-regexp": "none",
      "line-regexp": "none",
      "null-data": "none",
      "no-messages": "none",
      "invert-match": "none",
      count: "none",
      color: "optional",
      colour: "optional",
      "files-without-match": "none",
      "files-with-matches": "none",
      "max-count": "value",
      "only-matching": "none",
      quiet: "none",
      silent: "none",
      "byte-offset": "none",
      "with-filename": "none",
      "no-filename": "none",
      label: "value",
      "line-number": "none",
      "initial-tab": "none",
      null: "none",
      "after-context": "value",
      "before-context": "value",
      context: "value",
      text: "none",
      "binary-files": "value",
      devices: "value",
      directories: "value",
      exclude: "value",
      "exclude-dir": "value",
      include: "value",
      recursive: "none",
      "dereference-recursive": "none",
    },
  },
};

const CHECKSUM: CommandSpec = {
  grammar: {
    flags: "bctwz",
    long: {
      binary: "none",
      check: "none",
      tag: "none",
      text: "none",
      zero: "none",
      quiet: "none",
      status: "none",
      strict: "none",
      warn: "none",
      "ignore-missing": "none",
    },
  },
};

const HEAD_TAIL: CommandSpec = {
  grammar: {
    flags: "qvz",
    values: "cn",
    numberOption: true,
    long: {
      bytes: "value",
      lines: "value",
      quiet: "none",
      silent: "none",
      verbose: "none",
      "zero-terminated": "none",
    },
  },
};

export const COMMANDS: Record<string, CommandSpec> = {
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
  cat: {
    grammar: {
      flags: "AbeEnstTuv",
      long: {
        "show-all": "none",
        "number-nonblank": "none",
        "show-ends": "none",
        number: "none",
        "squeeze-blank": "none",
        "show-tabs": "none",
        "show-nonprinting": "none",
      },
    },
  },
  head: HEAD_TAIL,
  tail: HEAD_TAIL,
  wc: {
    grammar: {
      flags: "clmwL",
      long: { bytes: "none", chars: "none", lines: "none", words: "none", "max-line-length": "none" },
    },
  },
  pwd: { grammar: { flags: "LP" }, textOnly: true },
  // echo knows only -n, -e, -E, and prints anything else: its words need no parsing.
  echo: { grammar: { flags: "neE", stopAtOperand: true }, textOnly: true },
  // printf -v assigns a variable (with a subscript, that evaluates code): no options at all.
  printf: { grammar: { stopAtOperand: true }, textOnly: true },
  grep: GREP,
  egrep: GREP,
  fgrep: GREP,
  rg: {
    // Not --pre/--pre-glob (run a program per file), -z/--search-zip (run decompressors),
    // --hostname-bin (runs a program).
    grammar: {
      flags: "iIsSvwxclnNoqHuLaF0UpP.",
      values: "efgtTmABCMjrEd",
      long: {
        regexp: "value",
        file: "value",
        glob: "value",
        iglob: "value",
        type: "value",
        "type-not": "value",
        "max-count": "value",
        "after-context": "value",
        "before-context": "value",
        context: "value",
        "max-columns": "value",
        "max-depth": "value",
        threads: "value",
        replace: "value",
        hidden: "none",
        "no-ignore": "none",
        "ignore-case": "none",
        "case-sensitive": "none",
        "smart-case": "none",
        "invert-match": "none",
        "word-regexp": "none",
        "line-regexp": "none",
        count: "none",
        "count-matches": "none",
        files: "none",
        "files-with-matches": "none",
        "files-without-match": "none",
        "line-number": "none",
        "no-line-number": "none",
        "only-matching": "none",
        quiet: "none",
        "with-filename": "none",
        "no-filename": "none",
        "fixed-strings": "none",
        follow: "none",
        unrestricted: "none",
        multiline: "none",
        null: "none",
        text: "none",
        color: "value",
        heading: "none",
        "no-heading": "none",
        sort: "value",
        json: "none",
        stats: "none",
        vimgrep: "none",
        column: "none",
        trim: "none",
        "no-messages": "none",
        pretty: "none",
        encoding: "value",
        "max-filesize": "value",
      },
    },
  },
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
  cut: {
    grammar: {
      flags: "nsz",
      values: "bcdf",
      long: {
        bytes: "value",
        characters: "value",
        delimiter: "value",
        fields: "value",
        complement: "none",
        "only-delimited": "none",
        "output-delimiter": "value",
        "zero-terminated": "none",
      },
    },
  },
  tr: {
    grammar: {
      flags: "cCdst",
      long: { complement: "none", delete: "none", "squeeze-repeats": "none", "truncate-set1": "none" },
    },
    textOnly: true,
  },
  nl: { grammar: { flags: "p", values: "bdfhilnsvw" } },
  diff: {
    grammar: {
      flags: "abBcdeEiNnpqrsStTuwyZ",
      values: "CDFILUWxX",
      long: {
        unified: "optional",
        context: "optional",
        brief: "none",
        "report-identical-files": "none",
        recursive: "none",
        "new-file": "none",
        "ignore-case": "none",
        "ignore-all-space": "none",
        "ignore-space-change": "none",
        "ignore-blank-lines": "none",
        "ignore-trailing-space": "none",
        "ignore-matching-lines": "value",
        "side-by-side": "none",
        width: "value",
        text: "none",
        "strip-trailing-cr": "none",
        label: "value",
        "show-c-function": "none",
        exclude: "value",
        color: "optional",
        normal: "none",
        minimal: "none",
        "suppress-common-lines": "none",
        "no-dereference": "none",
        "expand-tabs": "none",
        "initial-tab": "none",
      },
    },
  },
  cmp: {
    grammar: {
      flags: "bls",
      values: "in",
      long: {
        "print-bytes": "none",
        "ignore-initial": "value",
        verbose: "none",
        bytes: "value",
        silent: "none",
        quiet: "none",
      },
    },
  },
  comm: {
    grammar: {
      flags: "123z",
      long: {
        "check-order": "none",
        "nocheck-order": "none",
        "output-delimiter": "value",
        total: "none",
        "zero-terminated": "none",
      },
    },
  },
  uniq: {
    // A second operand is the OUTPUT file.
    grammar: {
      flags: "cdDiuz",
      values: "fsw",
      long: {
        count: "none",
        repeated: "none",
        "all-repeated": "optional",
        "ignore-case": "none",
        unique: "none",
        "skip-fields": "value",
        "skip-chars": "value",
        "check-chars": "value",
        "zero-terminated": "none",
        group: "optional",
      },
    },
    check: operandsAtMost(1, "a second operand is a file uniq writes"),
  },
  sort: {
    // Not -o/--output (writes), --compress-program (runs a program), -T (writes temporary files),
    // --files0-from.
    grammar: {
      flags: "bdfgiMhnRrVcCmsuz",
      values: "kSt",
      long: {
        "ignore-leading-blanks": "none",
        "dictionary-order": "none",
        "ignore-case": "none",
        "general-numeric-sort": "none",
        "ignore-nonprinting": "none",
        "month-sort": "none",
        "human-numeric-sort": "none",
        "numeric-sort": "none",
        "random-sort": "none",
        reverse: "none",
        "version-sort": "none",
        sort: "value",
        check: "optional",
        merge: "none",
        stable: "none",
        unique: "none",
        "zero-terminated": "none",
        key: "value",
        "field-separator": "value",
        "buffer-size": "value",
        parallel: "value",
        debug: "none",
      },
    },
  },
  column: { grammar: { flags: "tx", values: "sc" } },
  seq: { grammar: { flags: "w", values: "fs", stopAtOperand: true }, textOnly: true },
  jq: {
    // --arg/--argjson/--slurpfile/--rawfile take two words: read here as operands, so the file
    // named by --slurpfile/--rawfile is checked like any other operand.
    grammar: {
      flags: "ncrjaSsCMeR",
      values: "f",
      long: {
        "null-input": "none",
        "raw-input": "none",
        slurp: "none",
        "compact-output": "none",
        "raw-output": "none",
        "join-output": "none",
        "ascii-output": "none",
        "sort-keys": "none",
        "color-output": "none",
        "monochrome-output": "none",
        "exit-status": "none",
        tab: "none",
        indent: "value",
        arg: "none",
        argjson: "none",
        slurpfile: "none",
        rawfile: "none",
        "from-file": "value",
      },
    },
  },
  md5sum: CHECKSUM,
  sha1sum: CHECKSUM,
  sha256sum: CHECKSUM,
  sha512sum: CHECKSUM,
  cksum: { grammar: { flags: "", long: {} } },
  od: { grammar: { flags: "bcdfilosvx", values: "AjNSt", optional: "w" } },
  hexdump: { grammar: { flags: "bcCdovx", values: "efns" } },
  strings: {
    grammar: {
      flags: "adfw",
      values: "nteT",
      numberOption: true,
      long: {
        all: "none",
        data: "none",
        "print-file-name": "none",
        bytes: "value",
        radix: "value",
        encoding: "value",
        "include-all-whitespace": "none",
      },
    },
  },
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

const SPECIAL: Record<string, (args: readonly string[]) => ReadOnlyVerdict> = {
  git: gitReadOnly,
  find: findReadOnly,
  xxd: xxdReadOnly,
  ps: psReadOnly,
};

export function judgeReadOnly(words: readonly string[]): ReadOnlyVerdict {
  const name = words[0] ?? "";
  const args = words.slice(1);
  const special = SPECIAL[name];
  if (special) return special(args);
  const spec = COMMANDS[name];
  if (!spec) return { readOnly: false, why: `${name} is not a read-only command` };
  const parsed = parseOptions(args, spec.grammar);
  if (!parsed.ok)
    return { readOnly: false, why: `${name} ${parsed.unknown} is not on its list of read-only options` };
  const why = spec.check?.(parsed);
  if (why) return { readOnly: false, why: `${name}: ${why}` };
  if (spec.textOnly) return { readOnly: true, files: [] };
  return { readOnly: true, files: filesOf(parsed) };
}

export function isReadOnlyCommand(words: readonly string[]): boolean {
  return judgeReadOnly(words).readOnly;
}

/** Operands and option values: the words a command may open. */
export function filesOf(parsed: Extract<ParsedArgs, { ok: true }>): string[] {
  return [...parsed.operands, ...parsed.options.flatMap((o) => (o.value === undefined ? [] : [o.value]))];
}

/** The names on the list (for docs and /permissions). */
export const READ_ONLY_COMMANDS = [...Object.keys(COMMANDS), ...Object.keys(SPECIAL)].sort();

// ---- find: an expression language, not getopt ----

/** Primaries and how many words each takes. Not -delete, -fprint*, -fls (write); -exec and
 * friends are split off before (splitFindExec) and judged as commands of their own. */
const FIND_PRIMARIES: Record<string, number> = Object.fromEntries([
  ...["-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-regex", "-iregex"].map((p) => [
    p,
    1,
  ]),
  ...["-type", "-xtype", "-size", "-perm", "-user", "-group", "-uid", "-gid", "-links", "-inum"].map((p) => [
    p,
    1,
  ]),
  ...["-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin", "-newer", "-anewer", "-cnewer"].map((p) => [
    p,
    1,
  ]),
  ...["-maxdepth", "-mindepth", "-samefile", "-regextype", "-printf", "-fstype", "-used"].map((p) => [p, 1]),
  ...[
    "-print",
    "-print0",
    "-ls",
    "-prune",
    "-quit",
    "-true",
    "-false",
    "-not",
    "-a",
    "-and",
    "-o",
    "-or",
  ].map((p) => [p, 0]),
  ...["-empty", "-follow", "-depth", "-mount", "-xdev", "-readable", "-writable", "-executable"].map((p) => [
    p,
    0,
  ]),
  ...["-nouser", "-nogroup", "-noleaf", "-ignore_readdir_race", "-daystart", "!", "(", ")", ","].map((p) => [
    p,
    0,
  ]),
]);

function findReadOnly(args: readonly string[]): ReadOnlyVerdict {
  const files: string[] = [];
  let i = 0;
  while (i < args.length && /^-([HLP]|O\d|D)$/.test(args[i]!)) i += args[i] === "-D" ? 2 : 1;
  for (; i < args.length && !args[i]!.startsWith("-") && !["!", "(", ")", ","].includes(args[i]!); i++)
    files.push(args[i]!);
  for (; i < args.length; i++) {
    const word = args[i]!;
    const arity = /^-newer[aBcmt][aBcmt]$/.test(word) ? 1 : FIND_PRIMARIES[word];
    if (arity === undefined)
      return { readOnly: false, why: `find ${word} is not on its list of read-only primaries` };
    if (arity === 1) {
      if (word === "-newer" || word === "-anewer" || word === "-cnewer" || word === "-samefile")
        files.push(args[i + 1] ?? "");
      i++;
    }
  }
  return { readOnly: true, files };
}

// ---- xxd: its own parser, which accepts any word that starts with an option's letter ----

function xxdReadOnly(args: readonly string[]): ReadOnlyVerdict {
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word === "--") {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!word.startsWith("-") || word === "-") {
      operands.push(word);
      continue;
    }
    const letter = word[1]!;
    // -r (revert) writes its output file; anything else unknown asks too.
    if ("abCEehiupv".includes(letter)) continue;
    if ("cglnos".includes(letter)) {
      // `-c12` or `-c 12` (also `-cols 12`): a value follows unless it is attached as digits.
      if (!/^-[a-z]+?[-+]?(0x)?[0-9a-f]+$/i.test(word)) i++;
      continue;
    }
    return { readOnly: false, why: `xxd ${word} is not on its list of read-only options` };
  }
  if (operands.length > 1) return { readOnly: false, why: "xxd writes its second operand" };
  return { readOnly: true, files: operands };
}

// ---- ps: POSIX, BSD and GNU options; BSD `e` prints every process's environment ----

const PS_GRAMMAR: OptionGrammar = {
  flags: "AadefFHjlLMTwxy",
  values: "opuUgGtCsq",
  long: {
    forest: "none",
    sort: "value",
    "no-headers": "none",
    pid: "value",
    ppid: "value",
    user: "value",
    format: "value",
    cols: "value",
    width: "value",
  },
};

function psReadOnly(args: readonly string[]): ReadOnlyVerdict {
  const dashed: string[] = [];
  for (const word of args) {
    if (word.startsWith("-")) dashed.push(word);
    // BSD style (no dash): only these letters; `e` shows environments, which hold secrets.
    else if (!/^[auxwfrTjlvm]+$/.test(word))
      return {
        readOnly: false,
        why: `ps ${word} is not on its list of read-only options (e shows environments)`,
      };
  }
  const parsed = parseOptions(dashed, PS_GRAMMAR);
  if (!parsed.ok)
    return { readOnly: false, why: `ps ${parsed.unknown} is not on its list of read-only options` };
  const format = parsed.options
    .filter((o) => o.name === "-o" || o.name === "--format")
    .map((o) => o.value ?? "");
  if (format.some((f) => /env|environ/i.test(f)))
    return { readOnly: false, why: "ps would show environments" };
  return { readOnly: true, files: [] };
}

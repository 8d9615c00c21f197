// Read-only commands that read and transform files' contents (cat, head, sort, diff, jq, checksums,
// dumps...), each with the ALLOWLIST of its options (see read-only.ts for how the list is used); the
// searchers (grep, rg) are in read-only-search.ts. Their operands and option values are checked as
// reads: secrets and deny rules apply to every file they name.
import type { CommandSpec } from "./read-only-spec.js";
import { operandsAtMost } from "./read-only-spec.js";

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

export const TEXT_COMMANDS: Record<string, CommandSpec> = {
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
};

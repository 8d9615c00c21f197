// The maintained list of read-only shell commands: they run without asking in `default`,
// `accept-edits` and `plan`. Each command has an ALLOWLIST of options, read with the program's own
// grammar (see getopt.ts): an option not listed here, however it is spelled (`-uoFILE`, `--outp=`),
// makes the command ask. Keep the list short and boring: a command earns its place with its option
// list and tests (test/permissions/option-forms.test.ts generates every spelling of every option).
// (Files named by a redirection or `tee` are writes and are judged by the write rules instead.)
import { type OptionGrammar, type ParsedArgs, parseOptions } from "./getopt.js";
import { gitReadOnly } from "./read-only-git.js";
import { SEARCH_COMMANDS } from "./read-only-search.js";
import type { CommandSpec, ReadOnlyVerdict } from "./read-only-spec.js";
import { SYSTEM_COMMANDS } from "./read-only-system.js";
import { TEXT_COMMANDS } from "./read-only-text.js";

export type { CommandSpec, ReadOnlyVerdict } from "./read-only-spec.js";

export const COMMANDS: Record<string, CommandSpec> = {
  ...TEXT_COMMANDS,
  ...SEARCH_COMMANDS,
  ...SYSTEM_COMMANDS,
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

/** Operands and option values: the words a command may open. */
function filesOf(parsed: Extract<ParsedArgs, { ok: true }>): string[] {
  // A number given to an option (`-n 20`, `-C3`) is a count, not a file.
  const values = parsed.options.flatMap((o) =>
    o.value === undefined || /^[+-]?\d+$/.test(o.value) ? [] : [o.value],
  );
  return [...parsed.operands, ...values];
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

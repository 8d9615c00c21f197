// Command-line options read the way the programs themselves read them (GNU getopt_long): clustered
// short options (`-uo`), attached values (`-oFILE`, `-n5`), `--long=value`, `--long value`,
// options after operands (GNU permutes), `--` ends options and `-` alone is an operand. The grammar
// is an ALLOWLIST: an option it does not name is reported as unknown and the caller asks, so a
// program's dangerous options never need to be listed. An abbreviated long option (`--outp`, which
// getopt_long accepts for `--output`) is unknown too: whether it abbreviates an allowed option or
// is itself the exact name of another (rg's `--pre` vs `--pretty`) depends on the program's full
// option list, which an allowlist does not have.

export interface OptionGrammar {
  /** Short options without a value, e.g. "lahR". */
  flags?: string;
  /** Short options with a value, attached (`-n5`) or in the next word (`-n 5`). */
  values?: string;
  /** Short options whose value may only be attached (`-i{}`), like getopt's `i::`. */
  optional?: string;
  /** Long options: `none` (a flag), `value` (required: `--x=v` or `--x v`), `optional` (`--x=v` only). */
  long?: Record<string, "none" | "value" | "optional">;
  /** `head -5`, `tail -20`: a number as an option. */
  numberOption?: boolean;
  /** Options end at the first operand (POSIX programs, and wrappers like `env`, `timeout`, `xargs`). */
  stopAtOperand?: boolean;
  /** Every word is an operand (`test -f x`: -f is an operator, not an option). */
  operandsOnly?: boolean;
}

export interface ParsedOption {
  /** `-o` or `--output` (a long option by its full name, whatever prefix was written). */
  name: string;
  value?: string;
}

export type ParsedArgs =
  | { ok: true; options: ParsedOption[]; operands: string[] }
  | { ok: false; unknown: string };

export function parseOptions(args: readonly string[], grammar: OptionGrammar): ParsedArgs {
  const options: ParsedOption[] = [];
  const operands: string[] = [];
  if (grammar.operandsOnly) return { ok: true, options, operands: args.slice() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      if (grammar.stopAtOperand) {
        operands.push(...args.slice(i));
        break;
      }
      operands.push(arg);
      continue;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const written = arg.slice(2, eq < 0 ? undefined : eq);
      const long = grammar.long ?? {};
      if (!Object.hasOwn(long, written)) return { ok: false, unknown: `--${written}` };
      const name = written;
      const kind = long[name]!;
      if (eq >= 0) {
        if (kind === "none") return { ok: false, unknown: arg };
        options.push({ name: `--${name}`, value: arg.slice(eq + 1) });
      } else if (kind === "value") {
        if (i + 1 >= args.length) return { ok: false, unknown: arg };
        options.push({ name: `--${name}`, value: args[++i]! });
      } else options.push({ name: `--${name}` });
      continue;
    }
    if (grammar.numberOption && /^-\d+$/.test(arg)) {
      options.push({ name: "-#", value: arg.slice(1) });
      continue;
    }
    // A cluster: flags until a letter that takes a value, which takes the rest of the word.
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j]!;
      const rest = arg.slice(j + 1);
      if (grammar.flags?.includes(letter)) options.push({ name: `-${letter}` });
      else if (grammar.values?.includes(letter)) {
        if (rest !== "") options.push({ name: `-${letter}`, value: rest });
        else if (i + 1 < args.length) options.push({ name: `-${letter}`, value: args[++i]! });
        else return { ok: false, unknown: `-${letter}` };
        break;
      } else if (grammar.optional?.includes(letter)) {
        options.push(rest === "" ? { name: `-${letter}` } : { name: `-${letter}`, value: rest });
        break;
      } else return { ok: false, unknown: `-${letter}` };
    }
  }
  return { ok: true, options, operands };
}

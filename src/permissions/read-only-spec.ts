// The shape of an entry on the read-only list, and small checks shared by the entries.
import type { OptionGrammar, ParsedArgs } from "./getopt.js";

export interface CommandSpec {
  grammar: OptionGrammar;
  /** Its arguments are never opened as files (echo, basename): they are not checked as paths. */
  textOnly?: boolean;
  /** More conditions on the parsed arguments (e.g. `uniq` writes its second operand). */
  check?: (parsed: Extract<ParsedArgs, { ok: true }>) => string | undefined;
}

export type ReadOnlyVerdict =
  | {
      readOnly: true;
      /** Words that name files (operands and option values), to check as reads. */
      files: string[];
      /** git prints file contents from the repository (history, index or tracked files). */
      printsContents?: boolean;
    }
  | { readOnly: false; why: string };

export const TEXT: CommandSpec = { grammar: {}, textOnly: true };
export const operandsAtMost =
  (n: number, what: string) =>
  (parsed: { operands: string[] }): string | undefined =>
    parsed.operands.length > n ? what : undefined;
export const noOperands = operandsAtMost(0, "an operand changes something");

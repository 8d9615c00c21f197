// What a parsed shell line is: every simple command with its words (in pieces, for resolving
// expansions, globs and tildes), the files its redirections write and read, and why the line cannot
// be judged statically, if it cannot. shell-parse.ts produces it; decide-bash.ts judges it.

/**
 * A piece of a word as bash will see it: literal text (quoted text is never globbed or
 * tilde-expanded), a plain variable (`$HOME`, `${PWD}`), or anything else whose value is unknown.
 */
export type WordPart =
  | { kind: "text"; text: string; quoted: boolean }
  | { kind: "var"; name: string; quoted: boolean }
  | { kind: "unknown"; text: string };

export interface ShellWord {
  /** Quotes removed; an expansion keeps its text as written. */
  text: string;
  parts: WordPart[];
}

export interface ShellCommand {
  /** Words with quotes removed; a word with a `$` expansion keeps its text as written. */
  words: string[];
  /** The same words, in pieces, for resolving expansions, globs and tildes. */
  args: ShellWord[];
  /** `NAME=value` prefixes (`LANG=C sort`): names only; the value is part of the command. */
  assignments: string[];
  /** Some word (or the command name) holds an expansion whose value is unknown until it runs. */
  dynamicName: boolean;
}

export interface ShellScript {
  commands: ShellCommand[];
  /** Files written by `>`, `>>`, `&>`, `>|` (not /dev/null or a file descriptor). */
  writes: ShellWord[];
  /** Files read by `<`. */
  reads: ShellWord[];
  /** Variables the line itself sets (`x=1;`, `for x in`, `read x`): their values are unknown. */
  assigned: Set<string>;
  /** Why the line cannot be judged from its text; empty when it can. */
  problems: string[];
}

export type ShellParse = (command: string) => ShellScript;

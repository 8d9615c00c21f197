// What a word of a command line will be when bash runs it: variables from the tool environment,
// `~`, `~+`, word splitting and pathname expansion (globs) against the real filesystem, the way
// bash does them with its default options. What cannot be known from the text and the environment
// (`$1`, `$(...)`, a variable the line sets itself, `~-`, `~user`, brace expansion) is
// unresolvable: the caller asks instead of guessing.
import path from "node:path";
import type { ShellWord } from "./shell-parse.js";
import type { ReadDir } from "./types.js";

export interface WordEnv {
  /** The environment the command will get (the tool environment); undefined: unknown. */
  vars: Readonly<Record<string, string>> | undefined;
  home: string;
  /** The directory the command runs in; undefined when the line changed it to somewhere unknown. */
  cwd: string | undefined;
  /** Variables the line sets itself (their values are unknown). */
  assigned: ReadonlySet<string>;
  /** Lists a directory's entries; undefined when it cannot be read. */
  readDir?: ReadDir;
  /** Globs cannot be expanded faithfully (the line changes shell options or GLOBIGNORE). */
  globsUnknown?: boolean;
}

const GLOB_CHARS = /[*?[]/;
const MAX_MATCHES = 2000;
/** Shell variables bash itself sets, whatever the environment says. */
const SPECIAL_VARS = new Set(["PWD", "OLDPWD", "RANDOM", "SECONDS", "LINENO", "BASHPID", "PPID", "IFS"]);

/** The words bash will pass for this word, or undefined when they cannot be known. */
export function resolveWord(word: ShellWord, env: WordEnv): string[] | undefined {
  // One character-level pass: each character remembers whether a glob may treat it as special.
  const chars: { c: string; active: boolean }[] = [];
  let splitPoints = false;
  for (const [index, part] of word.parts.entries()) {
    if (part.kind === "unknown") return undefined;
    if (part.kind === "text") {
      let text = part.text;
      if (index === 0 && !part.quoted && text.startsWith("~")) {
        const tilde = expandTilde(text, env);
        if (tilde === undefined) return undefined;
        for (const c of tilde.head) chars.push({ c, active: false });
        text = tilde.rest;
      }
      for (const c of text) chars.push({ c, active: !part.quoted });
      continue;
    }
    const value = variableValue(part.name, env);
    if (value === undefined) return undefined;
    if (!part.quoted && /\s/.test(value)) splitPoints = true;
    for (const c of value) chars.push({ c, active: !part.quoted });
  }
  if (splitPoints) return undefined;
  // Brace expansion (`.{e,x}nv`, `{a..z}`) makes several words: not followed here.
  const active = chars.map((x) => (x.active ? x.c : "\0")).join("");
  if (/\{[^}]*(,|\.\.)[^}]*\}/.test(active)) return undefined;
  const text = chars.map((x) => x.c).join("");
  if (!chars.some((x) => x.active && GLOB_CHARS.test(x.c))) return [text];
  if (env.globsUnknown || env.cwd === undefined) return undefined;
  return expandGlob(chars, env);
}

function variableValue(name: string, env: WordEnv): string | undefined {
  if (env.assigned.has(name)) return undefined;
  if (name === "PWD") return env.cwd;
  if (name === "HOME") return env.vars?.HOME ?? env.home;
  if (SPECIAL_VARS.has(name) || env.vars === undefined) return undefined;
  // An unset variable expands to nothing.
  return env.vars[name] ?? "";
}

function expandTilde(text: string, env: WordEnv): { head: string; rest: string } | undefined {
  const slash = text.indexOf("/");
  const prefix = slash < 0 ? text : text.slice(0, slash);
  const rest = slash < 0 ? "" : text.slice(slash);
  if (prefix === "~") {
    const home = variableValue("HOME", env);
    return home === undefined ? undefined : { head: home, rest };
  }
  if (prefix === "~+") return env.cwd === undefined ? undefined : { head: env.cwd, rest };
  // `~-` is $OLDPWD and `~user` a home from the user database: not known here.
  return undefined;
}

/** Pathname expansion, segment by segment; no match leaves the word as written (bash's default). */
function expandGlob(chars: { c: string; active: boolean }[], env: WordEnv): string[] | undefined {
  const literal = chars.map((x) => x.c).join("");
  const segments: { c: string; active: boolean }[][] = [[]];
  for (const ch of chars) {
    if (ch.c === "/") segments.push([]);
    else segments.at(-1)!.push(ch);
  }
  const absolute = literal.startsWith("/");
  let bases = [absolute ? "/" : ""];
  for (const [i, segment] of segments.entries()) {
    if (segment.length === 0) continue;
    const last = i === segments.length - 1;
    const text = segment.map((x) => x.c).join("");
    if (!segment.some((x) => x.active && GLOB_CHARS.test(x.c))) {
      bases = bases.map((b) => (b === "" ? text : path.posix.join(b, text)));
      continue;
    }
    if (!env.readDir) return undefined;
    const regex = segmentRegex(segment);
    const next: string[] = [];
    for (const base of bases) {
      const dir = path.resolve(env.cwd!, base === "" ? "." : base);
      const entries = env.readDir(dir);
      if (entries === undefined) continue;
      for (const entry of entries) {
        if (!regex.test(entry.name)) continue;
        // A glob in the middle matches only folders.
        if (!last && !entry.dir) continue;
        next.push(base === "" ? entry.name : path.posix.join(base, entry.name));
      }
    }
    if (next.length > MAX_MATCHES) return undefined;
    bases = next;
    // No match leaves the word as written.
    if (bases.length === 0) return [literal];
  }
  return bases.length === 0 ? [literal] : bases.sort();
}

/** `*`, `?` and `[...]` for one path segment; a leading dot must be matched explicitly. */
function segmentRegex(segment: { c: string; active: boolean }[]): RegExp {
  let source = "";
  for (let i = 0; i < segment.length; i++) {
    const { c, active } = segment[i]!;
    if (!active) source += escapeRegex(c);
    else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else if (c === "[") {
      let j = i + 1;
      if (segment[j]?.c === "!" || segment[j]?.c === "^") j++;
      if (segment[j]?.c === "]") j++;
      while (j < segment.length && segment[j]!.c !== "]") j++;
      if (j >= segment.length) source += "\\[";
      else {
        let body = segment
          .slice(i + 1, j)
          .map((x) => x.c)
          .join("");
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        source += `[${body.replace(/\\/g, "\\\\")}]`;
        i = j;
      }
    } else source += escapeRegex(c);
  }
  const dotExplicit = segment[0]?.c === ".";
  return new RegExp(`^${dotExplicit ? "" : "(?!\\.)"}${source}$`, "s");
}

const escapeRegex = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

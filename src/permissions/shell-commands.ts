// What a simple command really runs: wrappers (sudo, env, timeout, nice, xargs, find -exec ...) are
// unwrapped so rules see the command inside, and commands that run other code from a string
// (`eval`, `bash -c`) are flagged.

export interface UnwrappedCommand {
  /** The words rules and the read-only list look at (wrappers removed). */
  words: string[];
  /** The words as written (with wrappers), so `bash(sudo apt *)` can be allowed explicitly. */
  original: string[];
  sudo: boolean;
  /** Set when the command runs a string as code (eval, bash -c): it cannot be judged. */
  runsString?: string;
}

/** Options that take a value, per wrapper (so the value is not mistaken for the command). */
const WRAPPERS: Record<string, { valueOptions: Set<string>; positional?: number }> = {
  sudo: { valueOptions: new Set(["-u", "-g", "-C", "-p", "-h", "-U", "-r", "-t", "-D", "-R", "-T"]) },
  doas: { valueOptions: new Set(["-u", "-C"]) },
  env: { valueOptions: new Set(["-u", "-C", "-S", "--unset", "--chdir"]) },
  timeout: { valueOptions: new Set(["-s", "-k", "--signal", "--kill-after"]), positional: 1 },
  nice: { valueOptions: new Set(["-n", "--adjustment"]) },
  ionice: { valueOptions: new Set(["-c", "-n", "-p", "-P", "-u"]) },
  nohup: { valueOptions: new Set() },
  time: { valueOptions: new Set(["-f", "-o", "--format", "--output"]) },
  stdbuf: { valueOptions: new Set(["-i", "-o", "-e"]) },
  exec: { valueOptions: new Set(["-a"]) },
  command: { valueOptions: new Set() },
  builtin: { valueOptions: new Set() },
  xargs: {
    valueOptions: new Set([
      "-I",
      "-i",
      "-n",
      "-P",
      "-d",
      "-L",
      "-l",
      "-s",
      "-E",
      "-e",
      "-a",
      "--arg-file",
      "--delimiter",
      "--max-args",
      "--max-procs",
      "--replace",
      "--max-lines",
      "--max-chars",
      "--eof",
    ]),
  },
};

const SHELLS = new Set(["bash", "sh", "zsh", "dash", "ksh", "fish", "busybox"]);
const STANDARD_BIN = /^\/(?:usr\/(?:local\/)?)?s?bin\/([^/]+)$/;

/** `/usr/bin/rm` is `rm` for rules and the read-only list; `./rm` is not. */
function normaliseName(word: string): string {
  const match = STANDARD_BIN.exec(word);
  return match ? match[1]! : word;
}

export function unwrapCommand(words: readonly string[]): UnwrappedCommand {
  let rest = words.slice();
  let sudo = false;
  for (let guard = 0; guard < 16 && rest.length > 0; guard++) {
    const name = normaliseName(rest[0]!);
    const wrapper = WRAPPERS[name];
    if (!wrapper) break;
    if (name === "sudo" || name === "doas") sudo = true;
    // `command -v x` asks a question; it runs nothing.
    if (name === "command" && (rest[1] === "-v" || rest[1] === "-V")) break;
    let i = 1;
    let positional = wrapper.positional ?? 0;
    while (i < rest.length) {
      const word = rest[i]!;
      if (name === "env" && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) i++;
      else if (word === "--") {
        i++;
        break;
      } else if (word.startsWith("-") && word.length > 1) {
        i += wrapper.valueOptions.has(word) ? 2 : 1;
      } else if (name === "nice" && /^-\d+$/.test(word)) i++;
      else if (positional > 0) {
        positional--;
        i++;
      } else break;
    }
    const inner = rest.slice(i);
    if (inner.length === 0) {
      // `xargs` alone runs echo; `env` alone prints the environment; `sudo` alone does nothing useful.
      rest = name === "xargs" ? ["echo"] : [name];
      break;
    }
    rest = inner;
  }
  const result: UnwrappedCommand = { words: rest, original: words.slice(), sudo };
  if (rest.length > 0) rest[0] = normaliseName(rest[0]!);
  const name = rest[0] ?? "";
  if (name === "eval") result.runsString = "it runs a string with eval";
  else if (SHELLS.has(name) && rest.slice(1).some((w) => /^-[a-zA-Z]*c[a-zA-Z]*$/.test(w)))
    result.runsString = `it runs a string with ${name} -c`;
  return result;
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

// Shell commands parsed with a real bash grammar (tree-sitter-bash through web-tree-sitter), never
// split with regular expressions. The result lists every simple command of the line with its words,
// the files its redirections write and read, and anything that makes the line impossible to judge
// statically (command or process substitution, function definitions, syntax errors).
import { createRequire } from "node:module";
import { setFlagsFromString } from "node:v8";
import type { Node, Parser } from "web-tree-sitter";

export interface ShellCommand {
  /** Words with quotes removed; a word with a `$` expansion keeps its text as written. */
  words: string[];
  /** Some word (or the command name) holds an expansion whose value is unknown until it runs. */
  dynamicName: boolean;
}

export interface ShellScript {
  commands: ShellCommand[];
  /** Files written by `>`, `>>`, `&>`, `>|` (not /dev/null or a file descriptor). */
  writes: string[];
  /** Files read by `<`. */
  reads: string[];
  /** Why the line cannot be judged from its text; empty when it can. */
  problems: string[];
}

export type ShellParse = (command: string) => ShellScript;

let loading: Promise<ShellParse> | undefined;

/** Loads the grammar once (about 50 ms) and returns a synchronous parse function. */
export function loadShellParser(): Promise<ShellParse> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function load(): Promise<ShellParse> {
  // Resolved from this module's location: works from src/ (tsx, vitest), dist/ and the esbuild bundle
  // (web-tree-sitter stays an external import there, see scripts/bundle.mjs).
  const require = createRequire(import.meta.url);
  // V8 compiles wasm twice: Liftoff at once, then TurboFan in background threads, and a process
  // waits for those threads when it exits. For the 1.3 MB grammar that was 5-15 s of waiting at
  // exit on a busy machine (and CPU taken from everything else), for no gain a parse can measure:
  // keep the baseline code. Only our wasm is compiled in this process.
  setFlagsFromString("--liftoff-only");
  const { Parser: ParserClass, Language } = await import("web-tree-sitter");
  await ParserClass.init({
    locateFile: (name: string) => require.resolve(`web-tree-sitter/${name}`),
  });
  const language = await Language.load(require.resolve("tree-sitter-bash/tree-sitter-bash.wasm"));
  const parser: Parser = new ParserClass();
  parser.setLanguage(language);
  return (command: string) => parseWith(parser, command);
}

function parseWith(parser: Parser, command: string): ShellScript {
  const script: ShellScript = { commands: [], writes: [], reads: [], problems: [] };
  const tree = parser.parse(command);
  if (!tree) {
    script.problems.push("the command could not be parsed");
    return script;
  }
  try {
    if (tree.rootNode.hasError) script.problems.push("the command could not be parsed (a syntax error)");
    walk(tree.rootNode, script);
  } finally {
    tree.delete();
  }
  return script;
}

const NOTE: Record<string, string> = {
  command_substitution: "it uses command substitution ($(...) or backticks)",
  process_substitution: "it uses process substitution (<(...) or >(...))",
  function_definition: "it defines a shell function",
  ERROR: "the command could not be parsed (a syntax error)",
};

function problem(script: ShellScript, text: string): void {
  if (!script.problems.includes(text)) script.problems.push(text);
}

function walk(node: Node, script: ShellScript): void {
  const type = node.type;
  if (type === "command" || type === "declaration_command" || type === "unset_command") {
    readCommand(node, script);
    return;
  }
  if (type === "file_redirect") {
    readRedirect(node, script);
    return;
  }
  const note = NOTE[type];
  if (note) problem(script, note);
  for (const child of node.children) walk(child, script);
}

function readCommand(node: Node, script: ShellScript): void {
  const command: ShellCommand = { words: [], dynamicName: false };
  for (const child of node.children) {
    switch (child.type) {
      case "variable_assignment":
      case "herestring_redirect":
        scan(child, script);
        break;
      case "file_redirect":
        readRedirect(child, script);
        break;
      case "export":
      case "local":
      case "declare":
      case "readonly":
      case "typeset":
      case "unset":
      case "unsetenv":
        command.words.push(child.type);
        break;
      case "command_name": {
        const word = wordOf(child.firstChild ?? child, script);
        if (word.dynamic) command.dynamicName = true;
        command.words.push(word.text);
        break;
      }
      default: {
        if (child.type === "comment") break;
        command.words.push(wordOf(child, script).text);
      }
    }
  }
  if (command.words.length > 0) script.commands.push(command);
}

const WRITE_OPS = new Set([">", ">>", "&>", "&>>", ">|", ">&", "<>"]);
const HARMLESS_TARGETS = new Set(["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty"]);

function readRedirect(node: Node, script: ShellScript): void {
  let op = "";
  let target: Node | undefined;
  for (const child of node.children) {
    if (child.type === "file_descriptor") continue;
    if (!child.isNamed) op = child.type;
    else target = child;
  }
  if (!target) return;
  const word = wordOf(target, script);
  // `2>&1`, `>&2`, `<&0`: file descriptors, not files.
  if ((op === ">&" || op === "<&") && (/^\d+-?$/.test(word.text) || word.text === "-")) return;
  if (WRITE_OPS.has(op)) {
    if (!HARMLESS_TARGETS.has(word.text)) script.writes.push(word.text);
  } else if (op === "<" || op === "<&") script.reads.push(word.text);
}

interface Word {
  text: string;
  dynamic: boolean;
}

/** The value of an argument node: quotes and escapes removed; expansions keep their source text. */
function wordOf(node: Node, script: ShellScript): Word {
  switch (node.type) {
    case "word":
    case "number":
      return { text: node.text.replace(/\\(.)/gs, "$1"), dynamic: false };
    case "raw_string":
      return { text: node.text.slice(1, -1), dynamic: false };
    case "string": {
      let text = "";
      let dynamic = false;
      for (const part of node.children) {
        if (part.type === '"') continue;
        if (part.type === "string_content") text += part.text.replace(/\\([$`"\\\n])/g, "$1");
        else {
          const inner = wordOf(part, script);
          text += inner.text;
          dynamic ||= inner.dynamic;
        }
      }
      return { text, dynamic };
    }
    case "concatenation": {
      let text = "";
      let dynamic = false;
      for (const part of node.children) {
        const inner = wordOf(part, script);
        text += inner.text;
        dynamic ||= inner.dynamic;
      }
      return { text, dynamic };
    }
    default:
      // Expansions ($x, ${x}, $((..)), $'..'), substitutions and anything unusual: unknown value.
      walk(node, script);
      return { text: node.text, dynamic: true };
  }
}

/** Looks inside a node for substitutions (and the commands they run, so deny rules still see them). */
function scan(node: Node, script: ShellScript): void {
  for (const child of node.children) walk(child, script);
}

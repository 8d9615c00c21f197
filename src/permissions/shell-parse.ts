// Shell commands parsed with a real bash grammar (tree-sitter-bash through web-tree-sitter), never
// split with regular expressions. The result lists every simple command of the line with its words,
// the files its redirections write and read, and anything that makes the line impossible to judge
// statically (command or process substitution, function definitions, syntax errors). This file
// loads the grammar; shell-walk.ts reads the tree; shell-script.ts is the result's shape.
import { createRequire } from "node:module";
import { setFlagsFromString } from "node:v8";
import type { Parser } from "web-tree-sitter";
import type { ShellParse, ShellScript } from "./shell-script.js";
import { readScript } from "./shell-walk.js";

export type { ShellCommand, ShellParse, ShellScript, ShellWord, WordPart } from "./shell-script.js";

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
  const tree = parser.parse(command);
  if (!tree) {
    return {
      commands: [],
      writes: [],
      reads: [],
      assigned: new Set(),
      problems: ["the command could not be parsed"],
    };
  }
  try {
    return readScript(tree.rootNode);
  } finally {
    tree.delete();
  }
}

// Reading bash's syntax tree (from tree-sitter-bash, see shell-parse.ts) into a ShellScript: each
// simple command's words with quotes and escapes removed, the redirections' files, the variables the
// line sets, and a problem for anything bash would evaluate in a way the text does not show
// (substitutions, arithmetic, array subscripts, function definitions, syntax errors).
import type { Node } from "web-tree-sitter";
import type { ShellCommand, ShellScript, ShellWord, WordPart } from "./shell-script.js";

/** The script a parsed line's root node describes. */
export function readScript(root: Node): ShellScript {
  const script: ShellScript = { commands: [], writes: [], reads: [], assigned: new Set(), problems: [] };
  if (root.hasError) script.problems.push("the command could not be parsed (a syntax error)");
  walk(root, script);
  return script;
}

const ARITHMETIC = "it evaluates arithmetic, which runs any $(...) hidden in a variable or subscript";
const SUBSCRIPT = "it names an array subscript, which bash evaluates (running any $(...) inside)";
const PROMPT = "it expands a value as a prompt string (the @P transform), which runs any $(...) inside";

const NOTE: Record<string, string> = {
  command_substitution: "it uses command substitution ($(...) or backticks)",
  process_substitution: "it uses process substitution (<(...) or >(...))",
  function_definition: "it defines a shell function",
  ERROR: "the command could not be parsed (a syntax error)",
  arithmetic_expansion: ARITHMETIC,
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
  if (type === "variable_assignment") noteAssignment(node, script);
  if (type === "for_statement" || type === "c_style_for_statement") {
    const variable = node.childForFieldName("variable");
    if (variable) script.assigned.add(variable.text);
    if (type === "c_style_for_statement") problem(script, ARITHMETIC);
  }
  if (type === "compound_statement" && node.text.startsWith("((")) problem(script, ARITHMETIC);
  if (type === "test_command") judgeTest(node.text, script);
  if (type === "heredoc_redirect") judgeHeredoc(node, script);
  // An expansion outside a word (a here-document's body) gets the checks wordOf gives a word's.
  if (type === "expansion") judgeExpansion(node.text, script);
  const note = NOTE[type];
  if (note) problem(script, note);
  for (const child of node.children) walk(child, script);
}

/** `[[ -v a[$x] ]]`, `[ -v x ]`, `[[ x -eq y ]]` evaluate names and subscripts as arithmetic. */
function judgeTest(text: string, script: ShellScript): void {
  const inner = text.replace(/^\[\[?|\]\]?$/g, "");
  if (/(^|\s)-[vR](\s|$)/.test(inner)) problem(script, SUBSCRIPT);
  else if (inner.includes("[")) problem(script, SUBSCRIPT);
  else if (text.startsWith("[[") && /(^|\s)-(eq|ne|lt|le|gt|ge)(\s|$)/.test(inner))
    problem(script, ARITHMETIC);
}

/**
 * An unquoted here-document's body is expanded like a double-quoted string. The grammar does not
 * parse backticks there (it does parse $(...) and ${...}), so they are looked for in the text.
 */
function judgeHeredoc(node: Node, script: ShellScript): void {
  const start = node.children.find((c) => c.type === "heredoc_start")?.text ?? "";
  if (/['"\\]/.test(start)) return;
  const body = node.children.find((c) => c.type === "heredoc_body")?.text ?? "";
  if (body.includes("`")) problem(script, NOTE.command_substitution!);
}

function judgeExpansion(text: string, script: ShellScript): void {
  // `${x:-`cmd`}`: the grammar leaves backticks inside ${...} unparsed; bash runs them.
  if (text.includes("`")) problem(script, NOTE.command_substitution!);
  if (EVALUATING.test(text)) problem(script, SUBSCRIPT);
  if (PROMPT_TRANSFORM.test(text)) problem(script, PROMPT);
}

function noteAssignment(node: Node, script: ShellScript): void {
  const name = node.childForFieldName("name");
  if (!name) return;
  if (name.type === "subscript") problem(script, SUBSCRIPT);
  script.assigned.add(name.type === "subscript" ? (name.firstNamedChild?.text ?? name.text) : name.text);
}

/** Builtins that take variable names as arguments: a name with a subscript is evaluated. */
const TAKES_NAMES = new Set([
  "read",
  "mapfile",
  "readarray",
  "getopts",
  "select",
  "printf",
  "declare",
  "typeset",
  "local",
  "export",
  "readonly",
  "unset",
  "wait",
  "let",
  "test",
]);

function noteNames(command: ShellCommand, script: ShellScript): void {
  const name = command.words[0] ?? "";
  if (!TAKES_NAMES.has(name)) return;
  if (name === "let") problem(script, ARITHMETIC);
  if (name === "test") {
    // `test -v name` and `test -R name` evaluate a subscript in the name.
    if (command.words.some((w) => w === "-v" || w === "-R" || w.includes("["))) problem(script, SUBSCRIPT);
    return;
  }
  for (const word of command.words.slice(1)) {
    if (word.includes("[")) problem(script, SUBSCRIPT);
    const assigned = /^([A-Za-z_][A-Za-z0-9_]*)(=|$)/.exec(word);
    if (assigned && name !== "printf" && name !== "wait") script.assigned.add(assigned[1]!);
  }
  // `printf -v name`, `wait -p name`: the next word is a variable.
  const v = command.words.findIndex((w) => w === "-v" || w === "-p");
  if (v > 0 && command.words[v + 1]) script.assigned.add(command.words[v + 1]!);
}

function readCommand(node: Node, script: ShellScript): void {
  const command: ShellCommand = { words: [], args: [], assignments: [], dynamicName: false };
  const push = (word: ShellWord) => {
    command.words.push(word.text);
    command.args.push(word);
  };
  for (const child of node.children) {
    switch (child.type) {
      case "variable_assignment": {
        const name = child.childForFieldName("name");
        if (name?.type === "subscript") problem(script, SUBSCRIPT);
        command.assignments.push(name?.text ?? child.text);
        scan(child, script);
        break;
      }
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
        push({ text: child.type, parts: [{ kind: "text", text: child.type, quoted: false }] });
        break;
      case "command_name": {
        const word = wordOf(child.firstChild ?? child, script);
        if (word.parts.some((p) => p.kind !== "text")) command.dynamicName = true;
        push(word);
        break;
      }
      default: {
        if (child.type === "comment") break;
        if (child.type === "variable_assignment") noteAssignment(child, script);
        push(wordOf(child, script));
      }
    }
  }
  if (command.words.length > 0) {
    noteNames(command, script);
    script.commands.push(command);
  }
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
    if (!HARMLESS_TARGETS.has(word.text)) script.writes.push(word);
  } else if (op === "<" || op === "<&") script.reads.push(word);
}

const word = (parts: WordPart[]): ShellWord => ({
  text: parts.map((p) => (p.kind === "text" ? p.text : p.kind === "var" ? `$${p.name}` : p.text)).join(""),
  parts,
});

/** An unquoted word's text: a backslash quotes the next character. */
function unquotedParts(text: string): WordPart[] {
  const parts: WordPart[] = [];
  const re = /\\(.)|[^\\]+|\\$/gs;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1] !== undefined) parts.push({ kind: "text", text: m[1], quoted: true });
    else if (m[0] !== "\\") parts.push({ kind: "text", text: m[0], quoted: false });
  }
  return parts;
}

const PLAIN_BRACED = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
/** `${a[i]}`, `${!x}`, `${x:1:2}`: subscripts, indirection and offsets are evaluated as arithmetic. */
/** `${x@P}`: the value is expanded like PS1, command substitutions included. */
const PROMPT_TRANSFORM = /@P\}$/;
const EVALUATING = /^\$\{(!|[^}]*\[|#?[A-Za-z_][A-Za-z0-9_]*:[^-=+?])/;

/** The value of an argument node in pieces: quotes and escapes removed; expansions kept as parts. */
function wordOf(node: Node, script: ShellScript, quoted = false): ShellWord {
  switch (node.type) {
    case "word":
    case "number":
      return word(quoted ? [{ kind: "text", text: node.text, quoted }] : unquotedParts(node.text));
    case "raw_string":
      return word([{ kind: "text", text: node.text.slice(1, -1), quoted: true }]);
    case "string": {
      const parts: WordPart[] = [];
      for (const part of node.children) {
        if (part.type === '"') continue;
        if (part.type === "string_content")
          parts.push({ kind: "text", text: part.text.replace(/\\([$`"\\\n])/g, "$1"), quoted: true });
        else parts.push(...wordOf(part, script, true).parts);
      }
      return word(parts);
    }
    case "concatenation":
      return word(node.children.flatMap((part) => wordOf(part, script, quoted).parts));
    case "simple_expansion": {
      const name = node.namedChildren[0];
      if (name?.type === "variable_name") return word([{ kind: "var", name: name.text, quoted }]);
      return word([{ kind: "unknown", text: node.text }]);
    }
    case "expansion": {
      const plain = PLAIN_BRACED.exec(node.text);
      if (plain) return word([{ kind: "var", name: plain[1]!, quoted }]);
      judgeExpansion(node.text, script);
      walk(node, script);
      return word([{ kind: "unknown", text: node.text }]);
    }
    default:
      // Substitutions, $((..)), $'..' and anything unusual: unknown value.
      walk(node, script);
      return word([{ kind: "unknown", text: node.text }]);
  }
}

/** Looks inside a node for substitutions (and the commands they run, so deny rules still see them). */
function scan(node: Node, script: ShellScript): void {
  for (const child of node.children) walk(child, script);
}

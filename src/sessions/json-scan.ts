// Small, iterative (never recursive) JSON scanners: where a document first goes wrong, and where a
// value ends. Used to explain load errors with a line and column, and to salvage torn files.

export interface JsonProblem {
  /** Character index of the problem (text.length when the text ends too early). */
  index: number;
  truncated: boolean;
  what: string;
}

const WS = new Set([" ", "\t", "\n", "\r"]);

/** Index of the character after the string starting at `i` (a `"`), or -1 if it never closes. */
export function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x5c) j++;
    else if (c === 0x22) return j + 1;
  }
  return -1;
}

/**
 * End index (exclusive) of the JSON value starting at `i`, matching brackets with string awareness
 * but not validating. -1 when the text ends first; -2 when brackets do not match.
 */
export function skipValue(text: string, i: number): number {
  const first = text[i];
  if (first === '"') return skipString(text, i);
  if (first !== "{" && first !== "[") {
    let j = i;
    while (j < text.length && !WS.has(text[j]) && text[j] !== "," && text[j] !== "}" && text[j] !== "]") j++;
    return j === text.length ? -1 : j;
  }
  const stack: string[] = [];
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === '"') {
      const end = skipString(text, j);
      if (end < 0) return -1;
      j = end - 1;
    } else if (c === "{" || c === "[") stack.push(c === "{" ? "}" : "]");
    else if (c === "}" || c === "]") {
      if (stack.pop() !== c) return -2;
      if (stack.length === 0) return j + 1;
    }
  }
  return -1;
}

export function skipWhitespace(text: string, i: number): number {
  while (i < text.length && WS.has(text[i])) i++;
  return i;
}

/** The first place `text` stops being valid JSON, or undefined if it is valid. */
export function findJsonProblem(text: string): JsonProblem | undefined {
  // Stack of containers: "{k" (expect key), "{v" (expect value), "[" ...
  const stack: ("obj" | "arr")[] = [];
  let i = skipWhitespace(text, 0);
  let expectValue = true;
  const fail = (index: number, what: string): JsonProblem => ({
    index,
    truncated: index >= text.length,
    what: index >= text.length ? "the file ends too early" : what,
  });
  while (true) {
    i = skipWhitespace(text, i);
    if (expectValue) {
      if (i >= text.length) return fail(i, "");
      const c = text[i];
      if (c === "{" || c === "[") {
        stack.push(c === "{" ? "obj" : "arr");
        i = skipWhitespace(text, i + 1);
        if (text[i] === (c === "{" ? "}" : "]")) {
          stack.pop();
          i++;
          expectValue = false;
          continue;
        }
        if (c === "{") {
          const key = afterPropertyName(text, i);
          if (typeof key !== "number") return fail(key.index, key.what);
          i = key;
        }
        continue;
      }
      const end = scalarEnd(text, i);
      if (end.error) return fail(end.index, end.error);
      i = end.index;
      expectValue = false;
      continue;
    }
    const top = stack[stack.length - 1];
    if (top === undefined) {
      return i >= text.length ? undefined : fail(i, `unexpected ${show(text[i])} after the end of the data`);
    }
    if (i >= text.length) return fail(i, "");
    const c = text[i];
    if (c === ",") {
      i = skipWhitespace(text, i + 1);
      if (top === "obj") {
        const key = afterPropertyName(text, i);
        if (typeof key !== "number") return fail(key.index, key.what);
        i = key;
      }
      expectValue = true;
    } else if ((c === "}" && top === "obj") || (c === "]" && top === "arr")) {
      stack.pop();
      i++;
    } else {
      return fail(i, `expected ',' or '${top === "obj" ? "}" : "]"}', found ${show(c)}`);
    }
  }
}

/** Reads `"name"` then `:` from `i`: the index after the colon, or where and what went wrong. */
function afterPropertyName(text: string, i: number): number | { index: number; what: string } {
  if (i >= text.length) return { index: i, what: "" };
  if (text[i] !== '"') return { index: i, what: `expected a property name, found ${show(text[i])}` };
  const end = skipString(text, i);
  if (end < 0) return { index: text.length, what: "" };
  const colon = skipWhitespace(text, end);
  if (colon >= text.length) return { index: colon, what: "" };
  if (text[colon] !== ":") return { index: colon, what: `expected ':', found ${show(text[colon])}` };
  return colon + 1;
}

function scalarEnd(text: string, i: number): { index: number; error?: string } {
  const c = text[i];
  if (c === '"') {
    const end = skipString(text, i);
    if (end < 0) return { index: text.length };
    // Raw control characters are not allowed inside JSON strings.
    for (let j = i + 1; j < end - 1; j++) {
      if (text.charCodeAt(j) < 0x20) return { index: j, error: "a control character inside a string" };
    }
    try {
      JSON.parse(text.slice(i, end));
    } catch {
      return { index: i, error: "an invalid escape in a string" };
    }
    return { index: end };
  }
  const match = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
    text.slice(i, i + 400),
  );
  if (!match) {
    const prefix = text.slice(i, i + 5);
    if (i + prefix.length >= text.length && ["true", "false", "null"].some((w) => w.startsWith(prefix))) {
      return { index: text.length };
    }
    return { index: i, error: `unexpected ${show(c)}` };
  }
  return { index: i + match[0].length };
}

function show(c: string | undefined): string {
  return c === undefined ? "end of file" : JSON.stringify(c);
}

/** 1-based line and column of a character index. */
export function lineAndColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let j = text.indexOf("\n"); j !== -1 && j < index; j = text.indexOf("\n", j + 1)) {
    line++;
    lineStart = j + 1;
  }
  return { line, column: index - lineStart + 1 };
}

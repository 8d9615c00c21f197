// Strict JSON parsing with an error that says where: `line 3, column 14: expected ',' or '}'`.
// JSON.parse's own messages vary between Node versions and often give no position at all.

export class JsonSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
  }
}

/** JSON.parse, or a JsonSyntaxError naming the line and column (1-based) of the first error. */
export function parseJsonWithLocation(text: string): unknown {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(source);
  } catch {
    const { offset, reason } = locateJsonError(source);
    const before = source.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - before.lastIndexOf("\n");
    throw new JsonSyntaxError(line, column, reason);
  }
}

class Stop {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

/** A small strict scanner, run only after JSON.parse failed, to find the first bad character. */
export function locateJsonError(text: string): { offset: number; reason: string } {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const fail = (reason: string): never => {
    throw new Stop(i, i >= text.length ? "unexpected end of file" : reason);
  };
  const describe = () => (i >= text.length ? "end of file" : JSON.stringify(text[i]));
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") object();
    else if (c === "[") array();
    else if (c === '"') string();
    else if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) number();
    else literal();
  };
  const literal = () => {
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    fail(`unexpected ${describe()} (expected a value)`);
  };
  const object = () => {
    i++;
    ws();
    if (text[i] === "}") {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') fail(`unexpected ${describe()} (expected a "quoted" key)`);
      string();
      ws();
      if (text[i] !== ":") fail(`unexpected ${describe()} (expected ':')`);
      i++;
      value();
      ws();
      if (text[i] === ",") {
        i++;
        ws();
        if (text[i] === "}") fail("trailing comma before '}'");
        continue;
      }
      if (text[i] === "}") {
        i++;
        return;
      }
      fail(`unexpected ${describe()} (expected ',' or '}')`);
    }
  };
  const array = () => {
    i++;
    ws();
    if (text[i] === "]") {
      i++;
      return;
    }
    for (;;) {
      value();
      ws();
      if (text[i] === ",") {
        i++;
        ws();
        if (text[i] === "]") fail("trailing comma before ']'");
        continue;
      }
      if (text[i] === "]") {
        i++;
        return;
      }
      fail(`unexpected ${describe()} (expected ',' or ']')`);
    }
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === "\\") {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail("bad \\u escape");
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) fail("bad escape in string");
        i += 2;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) fail("control character in string (unterminated string?)");
      i++;
    }
    fail("unterminated string");
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail(`bad number at ${describe()}`);
    i += m![0].length;
  };
  try {
    ws();
    if (i >= text.length) return { offset: 0, reason: "the file is empty (expected a JSON object)" };
    value();
    ws();
    if (i < text.length) fail(`unexpected ${describe()} after the end of the JSON value`);
    return { offset: 0, reason: "invalid JSON" };
  } catch (error) {
    if (error instanceof Stop) return { offset: error.offset, reason: error.reason };
    throw error;
  }
}

// How deeply a JSON text nests, found with one linear scan (no parsing, no recursion). Tool
// arguments a model sends and session files are checked with it before anything walks them
// recursively: JSON.stringify, structuredClone and schema checks overflow the stack on input
// nested ~10,000 deep, and no real tool argument comes close to the limit.

/** Deepest tool arguments accepted (objects and arrays counted; the outer object is level 1). */
export const MAX_ARGUMENT_DEPTH = 64;

/** Deepest nesting a session file may have: far past any real one, far below a stack overflow. */
export const MAX_SESSION_DEPTH = 512;

/** Nesting depth of the JSON text; stops counting (returns a number above `limit`) once past it. */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return deepest;
}

/** Nesting depth of a value already in memory, without recursion; stops past `limit`. */
export function valueDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, level] = stack.pop() as [unknown, number];
    if (typeof node !== "object" || node === null) continue;
    if (level > deepest) {
      deepest = level;
      if (deepest > limit) return deepest;
    }
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, level + 1]);
  }
  return deepest;
}

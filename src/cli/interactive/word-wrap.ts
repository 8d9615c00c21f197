// Word wrapping for rows whose continuation lines keep an indent (a /help description, a tool's
// result line): Ink's own wrapping would start a continuation with the space it broke at.

/** `text` cut at spaces into lines of at most `columns` characters (a longer word stays whole; Ink cuts it). */
export function wordWrap(text: string, columns: number): string {
  if (columns < 10 || text.length <= columns) return text;
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(" ")) {
    if (current !== "" && current.length + 1 + word.length > columns) {
      lines.push(current);
      current = word;
    } else current = current === "" ? word : `${current} ${word}`;
  }
  lines.push(current);
  return lines.join("\n");
}

// edit: replace an exact string in a file. The string must be unique unless replace_all is set, so an
// edit never lands somewhere the model did not mean; misses come back with the closest lines.
import { readFile, writeFile } from "node:fs/promises";
import { z } from "zod";
import { defineTool, ToolError } from "./define.js";
import { shortDiff } from "./diff-text.js";
import { looksBinary, statRegularFile } from "./fs-checks.js";
import { displayPath, resolvePath } from "./paths.js";
import { closestWindow } from "./similarity.js";

const schema = z.object({
  file_path: z
    .string()
    .min(1)
    .describe("Path of the file to edit (absolute, or relative to the working directory)"),
  old_string: z.string().describe("The exact text to replace, including whitespace and indentation"),
  new_string: z.string().describe("The text to put in its place (must differ from old_string)"),
  replace_all: z
    .boolean()
    .optional()
    .describe("Replace every occurrence (default false: old_string must occur exactly once)"),
});

export const editTool = defineTool({
  name: "edit",
  description:
    "Replace `old_string` with `new_string` in a file. `old_string` must match the file exactly (whitespace " +
    "included) and occur exactly once, unless replace_all is true. Include enough surrounding lines to make it " +
    "unique. Read the file first. Returns a unified diff of the change.",
  schema,
  async execute(args, ctx) {
    const file = resolvePath(ctx.workingDir, args.file_path);
    const shown = displayPath(ctx.workingDir, file);
    if (args.old_string === "") {
      throw new ToolError("old_string is empty. To create or overwrite a whole file, use write.");
    }
    if (args.old_string === args.new_string) {
      throw new ToolError("old_string and new_string are identical; there is nothing to change.");
    }
    await statRegularFile(file, shown);
    if (await looksBinary(file))
      throw new ToolError(`${shown} is a binary file; edit only changes text files.`);
    const before = await readFile(file, { encoding: "utf8", signal: ctx.signal });
    const { oldText, newText } = matchLineEndings(before, args.old_string, args.new_string);

    const positions = findAll(before, oldText);
    if (positions.length === 0) throw new ToolError(notFoundMessage(before, oldText, shown));
    if (positions.length > 1 && !args.replace_all) {
      const lines = positions.slice(0, 10).map((p) => lineNumberAt(before, p));
      throw new ToolError(
        `old_string occurs ${positions.length} times in ${shown} (lines ${lines.join(", ")}` +
          `${positions.length > 10 ? ", ..." : ""}). Add more surrounding context to make it unique, ` +
          "or set replace_all to true to replace every occurrence.",
      );
    }
    const after = replaceAt(before, positions, oldText.length, newText);
    await writeFile(file, after, { encoding: "utf8", signal: ctx.signal });
    const diff = shortDiff(shown, before, after);
    const count = positions.length;
    return {
      content: `Edited ${shown} (${count} ${count === 1 ? "replacement" : "replacements"})\n${diff.text}`,
      summary: `+${diff.added} -${diff.removed}`,
    };
  },
});

// Models write "\n"; a CRLF file would then never match. Speak the file's dialect instead.
function matchLineEndings(content: string, oldText: string, newText: string) {
  if (!content.includes("\r\n") || oldText.includes("\r")) return { oldText, newText };
  const crlf = (s: string) => s.replace(/\r?\n/g, "\r\n");
  return { oldText: crlf(oldText), newText: crlf(newText) };
}

function findAll(haystack: string, needle: string): number[] {
  const positions: number[] = [];
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) {
    positions.push(i);
  }
  return positions;
}

// Slicing rather than String.replace: "$&" and friends in new_string must stay literal.
function replaceAt(text: string, positions: number[], length: number, replacement: string): string {
  let out = "";
  let last = 0;
  for (const p of positions) {
    out += text.slice(last, p) + replacement;
    last = p + length;
  }
  return out + text.slice(last);
}

function lineNumberAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

function notFoundMessage(content: string, oldText: string, shown: string): string {
  const lines = content.split(/\r?\n/);
  const wanted = oldText.replace(/\r?\n$/, "").split(/\r?\n/);
  const best = closestWindow(lines, wanted);
  const head = `old_string was not found in ${shown}.`;
  const advice =
    "Copy old_string exactly from the file (read it again if it may have changed), whitespace included.";
  if (!best || best.score < 0.3) return `${head} No similar lines found. ${advice}`;
  const shownLines = lines
    .slice(best.start, best.start + wanted.length)
    .map((line, i) => `${String(best.start + i + 1).padStart(6)}\t${line}`);
  return `${head} The closest lines (${Math.round(best.score * 100)}% similar) are:\n${shownLines.join("\n")}\n${advice}`;
}

// edit: replace an exact string in a file. The string must be unique unless replace_all is set, so an
// edit never lands somewhere the model did not mean; misses come back with the closest lines.
// Matching and replacing work on the file's bytes: whatever is not part of the edit (bytes that are
// not valid UTF-8, a BOM, mixed line endings) is written back exactly as it was, atomically.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { pathArgument, stringArgument } from "../permissions/tool-permission.js";
import { writeFileAtomic } from "./atomic-write.js";
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
  permission: {
    kind: "write",
    paths: (input) => pathArgument(input, "file_path"),
    change: (input) => {
      const [oldText, newText] = [stringArgument(input, "old_string"), stringArgument(input, "new_string")];
      return oldText === undefined || newText === undefined ? undefined : { oldText, newText };
    },
  },
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
    // An editor's buffer (ACP) when it offers one: unsaved changes are what is edited.
    const raw = ctx.files?.readText
      ? Buffer.from(await ctx.files.readText(file), "utf8")
      : await readFile(file);
    const before = raw.toString("utf8"); // for messages and the diff only; the bytes are what is edited
    const match = findMatch(raw, args.old_string, args.new_string);

    if (match.positions.length === 0) {
      throw new ToolError(
        notFoundMessage(before, args.old_string, shown) + invalidUtf8Hint(raw, args.old_string),
      );
    }
    const positions = match.positions;
    if (positions.length > 1 && !args.replace_all) {
      const lines = positions.slice(0, 10).map((p) => lineNumberAt(raw, p));
      throw new ToolError(
        `old_string occurs ${positions.length} times in ${shown} (lines ${lines.join(", ")}` +
          `${positions.length > 10 ? ", ..." : ""}). Add more surrounding context to make it unique, ` +
          "or set replace_all to true to replace every occurrence.",
      );
    }
    const afterBytes = replaceAt(raw, positions, match.oldBytes.length, match.newBytes);
    if (ctx.files?.writeText) await ctx.files.writeText(file, afterBytes.toString("utf8"));
    else await writeFileAtomic(file, afterBytes);
    const after = afterBytes.toString("utf8");
    const diff = shortDiff(shown, before, after);
    const count = positions.length;
    return {
      content: `Edited ${shown} (${count} ${count === 1 ? "replacement" : "replacements"})\n${diff.text}`,
      summary: `+${diff.added} -${diff.removed}`,
    };
  },
});

interface Match {
  positions: number[];
  oldBytes: Buffer;
  newBytes: Buffer;
}

/**
 * Exact bytes first, so an LF match in a file with mixed line endings is found as written. Models
 * write "\n"; when that misses in a file with CRLF lines, try the file's dialect instead.
 */
function findMatch(raw: Buffer, oldText: string, newText: string): Match {
  const exact = { oldBytes: Buffer.from(oldText, "utf8"), newBytes: Buffer.from(newText, "utf8") };
  const positions = findAll(raw, exact.oldBytes);
  if (positions.length > 0 || oldText.includes("\r") || !oldText.includes("\n") || !raw.includes("\r\n")) {
    return { positions, ...exact };
  }
  const crlf = (s: string) => Buffer.from(s.replace(/\r?\n/g, "\r\n"), "utf8");
  const converted = { oldBytes: crlf(oldText), newBytes: crlf(newText) };
  return { positions: findAll(raw, converted.oldBytes), ...converted };
}

function findAll(haystack: Buffer, needle: Buffer): number[] {
  const positions: number[] = [];
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) {
    positions.push(i);
  }
  return positions;
}

function replaceAt(bytes: Buffer, positions: number[], length: number, replacement: Buffer): Buffer {
  const parts: Buffer[] = [];
  let last = 0;
  for (const p of positions) {
    parts.push(bytes.subarray(last, p), replacement);
    last = p + length;
  }
  parts.push(bytes.subarray(last));
  return Buffer.concat(parts);
}

/** Bytes that are not UTF-8 read back as U+FFFD, which then never matches: say why. */
function invalidUtf8Hint(raw: Buffer, oldText: string): string {
  if (!oldText.includes("\uFFFD") || isUtf8(raw)) return "";
  return (
    "\nThe file contains bytes that are not valid UTF-8 (shown as \uFFFD when read); old_string cannot " +
    "match them. Choose old_string from a part of the file without them."
  );
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function lineNumberAt(bytes: Buffer, index: number): number {
  let line = 1;
  for (let i = bytes.indexOf(10); i !== -1 && i < index; i = bytes.indexOf(10, i + 1)) line++;
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

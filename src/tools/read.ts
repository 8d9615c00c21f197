// read: a text file as numbered lines (cat -n style), a page at a time.
import { createReadStream } from "node:fs";
import { z } from "zod";
import { pathArgument } from "../permissions/tool-permission.js";
import { defineTool, ToolError } from "./define.js";
import { looksBinary, statRegularFile } from "./fs-checks.js";
import { LineSplitter } from "./line-splitter.js";
import { displayPath, resolvePath } from "./paths.js";
import { MAX_OUTPUT_CHARS } from "./truncate.js";

const DEFAULT_LIMIT = 2000;
const MAX_LINE_CHARS = 2000;
// Stop a page early rather than let the generic truncation cut its middle: the model can ask for more.
const PAGE_CHAR_BUDGET = MAX_OUTPUT_CHARS - 500;

const schema = z.object({
  file_path: z
    .string()
    .min(1)
    .describe("Path of the file to read (absolute, or relative to the working directory)"),
  offset: z.number().int().min(1).optional().describe("1-based line number to start from (default 1)"),
  limit: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe(`Maximum number of lines to return (default ${DEFAULT_LIMIT})`),
});

export const readTool = defineTool({
  name: "read",
  description:
    "Read a text file. Returns numbered lines like `cat -n` (line number, tab, text). " +
    `Reads up to ${DEFAULT_LIMIT} lines from the start by default; use offset and limit to page through long files. ` +
    `Lines longer than ${MAX_LINE_CHARS} characters are cut. Binary files and directories are refused.`,
  schema,
  permission: { kind: "read", paths: (input) => pathArgument(input, "file_path") },
  async execute(args, ctx) {
    const file = resolvePath(ctx.workingDir, args.file_path);
    const shown = displayPath(ctx.workingDir, file);
    const { size } = await statRegularFile(file, shown);
    if (await looksBinary(file)) {
      throw new ToolError(`${shown} is a binary file (${size} bytes); read only shows text files.`);
    }
    const offset = args.offset ?? 1;
    const limit = args.limit ?? DEFAULT_LIMIT;
    // An editor's buffer (ACP) when it offers one, else the file as it is on disk.
    const text = ctx.files?.readText ? await ctx.files.readText(file) : undefined;
    const page = await readPage(file, offset, limit, ctx.signal, text);
    if (page.totalLines === 0) return { content: `${shown} is empty.`, summary: "0 lines" };
    if (offset > page.totalLines) {
      throw new ToolError(`${shown} has ${page.totalLines} lines; offset ${offset} is past the end.`);
    }
    const remaining = page.totalLines - (offset - 1) - page.lines.length;
    let content = page.lines.join("\n");
    if (remaining > 0) {
      const next = offset + page.lines.length;
      content += `\n... ${remaining} more lines; use offset=${next} to read more`;
    }
    const n = page.lines.length;
    return { content, summary: `${n} ${n === 1 ? "line" : "lines"}` };
  },
});

interface Page {
  lines: string[];
  totalLines: number;
}

/**
 * Streams the file so huge files cost only the page in memory; still counts every line for the note.
 * Lines are split from bytes with a bounded buffer, so one enormous line is cut, never built whole.
 */
async function readPage(
  file: string,
  offset: number,
  limit: number,
  signal: AbortSignal,
  text?: string,
): Promise<Page> {
  // Our own abort listener, removed in `finally`: the stream's `signal` option left one listener per
  // read on the run's shared signal (MaxListenersExceededWarning after ten reads).
  // `text`: the file's text as an editor holds it (already in memory).
  const stream = text === undefined ? createReadStream(file, { highWaterMark: 1 << 20 }) : undefined;
  const onAbort = () => stream?.destroy(new Error("aborted"));
  signal.addEventListener("abort", onAbort, { once: true });
  const lines: string[] = [];
  let totalLines = 0;
  let chars = 0;
  let pageFull = false;
  const splitter = new LineSplitter(MAX_LINE_CHARS, (text, omitted) => {
    totalLines++;
    if (pageFull || totalLines < offset) return;
    const numbered = `${String(totalLines).padStart(6)}\t${cutNote(text, omitted)}`;
    if (lines.length >= limit || chars + numbered.length > PAGE_CHAR_BUDGET) {
      pageFull = true;
      return;
    }
    lines.push(numbered);
    chars += numbered.length + 1;
  });
  try {
    for await (const chunk of stream ?? [Buffer.from(text ?? "", "utf8")]) splitter.write(chunk as Buffer);
    splitter.end();
  } catch (error) {
    if (signal.aborted) throw new ToolError("read was interrupted.");
    throw error;
  } finally {
    signal.removeEventListener("abort", onAbort);
    stream?.destroy();
  }
  return { lines, totalLines };
}

function cutNote(text: string, omitted: number): string {
  return omitted === 0 ? text : `${text}... [line truncated: ${omitted} more chars]`;
}

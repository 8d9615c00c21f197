// write: create or overwrite a file with the given content, creating parent folders. The file is
// replaced atomically (atomic-write.ts): an interrupt never leaves it half written.
import { mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { pathArgument, stringArgument } from "../permissions/tool-permission.js";
import { writeFileAtomic } from "./atomic-write.js";
import { defineTool, ToolError } from "./define.js";
import { shortDiff } from "./diff-text.js";
import { looksBinary, notRegularMessage } from "./fs-checks.js";
import { displayPath, resolvePath } from "./paths.js";
import { countLines } from "./truncate.js";

/** Larger files are overwritten without a diff (diffing them costs more than it tells). */
const MAX_DIFF_SOURCE_BYTES = 1024 * 1024;

const schema = z.object({
  file_path: z
    .string()
    .min(1)
    .describe("Path of the file to write (absolute, or relative to the working directory)"),
  content: z.string().describe("The complete new content of the file"),
});

export const writeTool = defineTool({
  name: "write",
  description:
    "Create a file or overwrite it completely with `content`. Parent folders are created as needed. " +
    "To change part of an existing file, prefer edit.",
  schema,
  permission: {
    kind: "write",
    paths: (input) => pathArgument(input, "file_path"),
    change: (input) => {
      const newText = stringArgument(input, "content");
      return newText === undefined ? undefined : { newText };
    },
  },
  async execute(args, ctx) {
    const file = resolvePath(ctx.workingDir, args.file_path);
    const shown = displayPath(ctx.workingDir, file);
    const existing = await stat(file).catch(() => undefined);
    if (existing?.isDirectory()) throw new ToolError(`${shown} is a directory; give a file path to write.`);
    if (existing && !existing.isFile()) throw new ToolError(notRegularMessage(shown, existing));
    // An overwritten text file: say what changed (the UI shows it as an inline diff).
    // An editor (ACP) reads and writes its buffer of the file when it offers to.
    const files = ctx.files;
    const before =
      existing?.isFile() && existing.size <= MAX_DIFF_SOURCE_BYTES && !(await looksBinary(file))
        ? await (files?.readText ? files.readText(file) : readFile(file, "utf8")).catch(() => undefined)
        : undefined;
    await mkdir(path.dirname(file), { recursive: true });
    if (files?.writeText) await files.writeText(file, args.content);
    else await writeFileAtomic(file, Buffer.from(args.content, "utf8"));
    const lines = countLines(args.content);
    const wrote = `Wrote ${lines} ${lines === 1 ? "line" : "lines"} to ${shown}`;
    if (before !== undefined && before !== args.content) {
      const diff = shortDiff(shown, before, args.content);
      return { content: `${wrote}\n${diff.text}`, summary: `+${diff.added} -${diff.removed}` };
    }
    return { content: wrote, summary: `${lines} ${lines === 1 ? "line" : "lines"}` };
  },
});

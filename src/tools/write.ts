// write: create or overwrite a file with the given content, creating parent folders. The file is
// replaced atomically (atomic-write.ts): an interrupt never leaves it half written.
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "./atomic-write.js";
import { defineTool, ToolError } from "./define.js";
import { notRegularMessage } from "./fs-checks.js";
import { displayPath, resolvePath } from "./paths.js";
import { countLines } from "./truncate.js";

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
  async execute(args, ctx) {
    const file = resolvePath(ctx.workingDir, args.file_path);
    const shown = displayPath(ctx.workingDir, file);
    const existing = await stat(file).catch(() => undefined);
    if (existing?.isDirectory()) throw new ToolError(`${shown} is a directory; give a file path to write.`);
    if (existing && !existing.isFile()) throw new ToolError(notRegularMessage(shown, existing));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, Buffer.from(args.content, "utf8"));
    const lines = countLines(args.content);
    return {
      content: `Wrote ${lines} ${lines === 1 ? "line" : "lines"} to ${shown}`,
      summary: `${lines} ${lines === 1 ? "line" : "lines"}`,
    };
  },
});

// glob: find files by name pattern, newest first, honouring .gitignore.
import { stat } from "node:fs/promises";
import path from "node:path";
import { glob } from "tinyglobby";
import { z } from "zod";
import { defineTool, ToolError } from "./define.js";
import { loadGitignore } from "./gitignore.js";
import { displayPath, resolvePath } from "./paths.js";

const MAX_RESULTS = 100;
const ALWAYS_SKIPPED = [".git", "node_modules"];

const schema = z.object({
  pattern: z.string().min(1).describe('Glob pattern, e.g. "**/*.ts" or "src/**/test_*.py"'),
  path: z.string().optional().describe("Directory to search in (default: the working directory)"),
});

export const globTool = defineTool({
  name: "glob",
  description:
    "Find files whose paths match a glob pattern. Honours .gitignore and skips .git and node_modules " +
    `(unless the pattern names them). Returns paths relative to the working directory, newest first, at most ${MAX_RESULTS}.`,
  schema,
  async execute(args, ctx) {
    const root = resolvePath(ctx.workingDir, args.path ?? ".");
    const rootInfo = await stat(root).catch(() => undefined);
    if (!rootInfo?.isDirectory()) {
      throw new ToolError(
        `${displayPath(ctx.workingDir, root)} is not a directory; give a folder to search in.`,
      );
    }
    const skipped = ALWAYS_SKIPPED.filter((name) => !args.pattern.includes(name)).map(
      (name) => `**/${name}/**`,
    );
    const found = await glob(args.pattern, {
      cwd: root,
      absolute: true,
      dot: true,
      onlyFiles: true,
      ignore: skipped,
      signal: ctx.signal,
    });
    if (ctx.signal.aborted) throw new ToolError("glob was interrupted.");
    const isIgnored = await loadGitignore(root, ctx.workingDir, ctx.signal);
    const kept = found.filter((file) => !isIgnored(file));
    if (kept.length === 0) return { content: `No files match ${args.pattern}`, summary: "0 files" };

    const dated = await Promise.all(
      kept.map(async (file) => ({ file, mtime: (await stat(file).catch(() => undefined))?.mtimeMs ?? 0 })),
    );
    // Newest first; ties by path so the order is stable.
    dated.sort((a, b) => b.mtime - a.mtime || a.file.localeCompare(b.file));
    const lines = dated
      .slice(0, MAX_RESULTS)
      .map(({ file }) => displayPath(ctx.workingDir, path.normalize(file)));
    if (dated.length > MAX_RESULTS) lines.push(`... and ${dated.length - MAX_RESULTS} more`);
    return { content: lines.join("\n"), summary: `${dated.length} ${dated.length === 1 ? "file" : "files"}` };
  },
});

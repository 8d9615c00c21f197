// grep: search file contents with ripgrep (bundled by @vscode/ripgrep), honouring .gitignore.
// rg prints `path NUL line:text` for matches and `path NUL line-text` for context lines, so
// max_results counts matches only. Long lines are cut by rg (--max-columns) and again while reading
// its output in bounded memory (line-splitter.ts): one enormous line cannot exhaust the process.
import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { rgPath } from "@vscode/ripgrep";
import { z } from "zod";
import { pathArgument, stringArgument } from "../permissions/tool-permission.js";
import { defineTool, ToolError } from "./define.js";
import { notRegularMessage } from "./fs-checks.js";
import { LineSplitter } from "./line-splitter.js";
import { displayPath, resolvePath, walkSkip } from "./paths.js";

const DEFAULT_MAX_RESULTS = 100;
const MAX_LINE_CHARS = 500;
// A whole output line of rg (path, number and text); the text is cut at MAX_LINE_CHARS after that.
const MAX_RG_LINE_CHARS = 8000;

const schema = z.object({
  pattern: z.string().min(1).describe("Regular expression to search for (Rust regex syntax, like ripgrep)"),
  path: z.string().optional().describe("File or directory to search (default: the working directory)"),
  glob: z.string().optional().describe('Only search files matching this glob, e.g. "*.ts" or "src/**/*.py"'),
  ignore_case: z.boolean().optional().describe("Case-insensitive search (default false)"),
  context: z
    .number()
    .int()
    .min(0)
    .max(50)
    .optional()
    .describe("Lines of context before and after each match"),
  max_results: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe(`Maximum number of matching lines to return (default ${DEFAULT_MAX_RESULTS})`),
});

export const grepTool = defineTool({
  name: "grep",
  description:
    "Search file contents for a regular expression using ripgrep. Honours .gitignore and skips .git. " +
    "Results are `path:line:text` (context lines as `path-line-text`), paths relative to the working directory, " +
    `sorted by path, at most max_results matches (default ${DEFAULT_MAX_RESULTS}).`,
  schema,
  permission: {
    kind: "read",
    paths: (input) => pathArgument(input, "path"),
    label: (input) => stringArgument(input, "pattern"),
  },
  activity: "search",
  async execute(args, ctx) {
    const target = resolvePath(ctx.workingDir, args.path ?? ".");
    const info = await stat(target).catch(() => undefined);
    // rg itself skips special files it meets while walking; one named directly would be read forever.
    if (info && !info.isFile() && !info.isDirectory()) {
      throw new ToolError(notRegularMessage(displayPath(ctx.workingDir, target), info));
    }
    const maxResults = args.max_results ?? DEFAULT_MAX_RESULTS;
    const rgArgs = [
      "--no-config",
      "--color=never",
      "--line-number",
      "--with-filename",
      "--no-heading",
      "--null",
      `--max-columns=${MAX_LINE_CHARS}`,
      "--max-columns-preview",
      "--hidden",
      "--no-require-git",
      "--sort",
      "path",
      "--glob",
      "!.git",
    ];
    if (args.ignore_case) rgArgs.push("--ignore-case");
    if (args.context) rgArgs.push("--context", String(args.context));
    if (args.glob) rgArgs.push("--glob", args.glob);
    rgArgs.push("--regexp", args.pattern, "--", target);

    const withContext = (args.context ?? 0) > 0;
    const run = await runRipgrep(
      rgArgs,
      ctx.workingDir,
      { maxResults, withContext, skip: walkSkip("grep", target, ctx) },
      ctx.signal,
    );
    if (ctx.signal.aborted) throw new ToolError("grep was interrupted.");
    if (run.exitCode === 2 && run.matches === 0) {
      throw new ToolError(`grep failed: ${run.stderr.trim() || "ripgrep exited with status 2"}`);
    }
    if (run.matches === 0) return { content: `No matches for ${args.pattern}`, summary: "0 matches" };
    let content = run.lines.join("\n");
    if (run.matches > maxResults) {
      content += `\n... ${run.matches - maxResults} more matches (showing the first ${maxResults}; narrow the search or raise max_results)`;
    }
    if (run.exitCode === 2 && run.stderr.trim())
      content += `\n(some files could not be searched: ${firstLine(run.stderr)})`;
    return { content, summary: `${run.matches} ${run.matches === 1 ? "match" : "matches"}` };

    function firstLine(text: string) {
      return text.trim().split("\n", 1)[0];
    }
  },
});

interface RipgrepRun {
  lines: string[];
  matches: number;
  exitCode: number | null;
  stderr: string;
}

interface RipgrepOptions {
  maxResults: number;
  withContext: boolean;
  /** Files whose lines are dropped (secrets and denied paths met while walking). */
  skip?: (absolute: string) => boolean;
}

function runRipgrep(
  args: string[],
  cwd: string,
  { maxResults, withContext, skip }: RipgrepOptions,
  signal: AbortSignal,
): Promise<RipgrepRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(rgPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"], signal });
    const lines: string[] = [];
    let matches = 0;
    let lastPrinted: { path: string; line: number } | undefined;
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString("utf8");
    });
    const splitter = new LineSplitter(MAX_RG_LINE_CHARS, (output) => {
      const event = parseLine(output);
      if (!event) return;
      const absolute = resolvePath(cwd, event.path);
      if (skip?.(absolute)) return;
      if (event.type === "match") matches++;
      // Past the cap rg keeps running only so the rest can be counted; its lines are not kept.
      if (matches > maxResults) return;
      const file = displayPath(cwd, absolute);
      // Like rg itself: "--" between groups of lines that are not adjacent, only when showing context.
      if (withContext && lastPrinted && (lastPrinted.path !== file || event.line > lastPrinted.line + 1))
        lines.push("--");
      const sep = event.type === "match" ? ":" : "-";
      lines.push(`${file}${sep}${event.line}${sep}${cutLine(event.text)}`);
      lastPrinted = { path: file, line: event.line };
    });
    child.stdout.on("data", (chunk: Buffer) => splitter.write(chunk));
    child.stdout.on("end", () => splitter.end());
    child.on("error", (error) => {
      if (signal.aborted) resolve({ lines, matches, exitCode: null, stderr });
      else reject(error);
    });
    child.on("close", (exitCode) => resolve({ lines, matches, exitCode, stderr }));
  });
}

interface LineEvent {
  type: "match" | "context";
  path: string;
  line: number;
  text: string;
}

/** `path\0N:text` (a match) or `path\0N-text` (context); rg's own "--" separators are skipped. */
function parseLine(output: string): LineEvent | undefined {
  const nul = output.indexOf("\0");
  if (nul === -1) return undefined;
  const rest = /^(\d+)([:-])/.exec(output.slice(nul + 1, nul + 24));
  if (!rest) return undefined;
  return {
    type: rest[2] === ":" ? "match" : "context",
    path: output.slice(0, nul),
    line: Number(rest[1]),
    text: output.slice(nul + 1 + rest[0].length),
  };
}

function cutLine(text: string): string {
  return text.length <= MAX_LINE_CHARS ? text : `${text.slice(0, MAX_LINE_CHARS)}... [line truncated]`;
}

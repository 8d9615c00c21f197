// grep: search file contents with ripgrep (bundled by @vscode/ripgrep), honouring .gitignore.
// rg's JSON output tells matches from context lines apart, so max_results counts matches only.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { rgPath } from "@vscode/ripgrep";
import { z } from "zod";
import { defineTool, ToolError } from "./define.js";
import { displayPath, resolvePath } from "./paths.js";

const DEFAULT_MAX_RESULTS = 100;
const MAX_LINE_CHARS = 500;

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
  async execute(args, ctx) {
    const target = resolvePath(ctx.workingDir, args.path ?? ".");
    const maxResults = args.max_results ?? DEFAULT_MAX_RESULTS;
    const rgArgs = ["--json", "--hidden", "--no-require-git", "--sort", "path", "--glob", "!.git"];
    if (args.ignore_case) rgArgs.push("--ignore-case");
    if (args.context) rgArgs.push("--context", String(args.context));
    if (args.glob) rgArgs.push("--glob", args.glob);
    rgArgs.push("--regexp", args.pattern, "--", target);

    const withContext = (args.context ?? 0) > 0;
    const run = await runRipgrep(rgArgs, ctx.workingDir, maxResults, withContext, ctx.signal);
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

function runRipgrep(
  args: string[],
  cwd: string,
  maxResults: number,
  withContext: boolean,
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
    const reader = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY });
    reader.on("line", (json) => {
      const event = parseEvent(json);
      if (!event) return;
      if (event.type === "match") matches++;
      // Past the cap rg keeps running only so the rest can be counted; its lines are not kept.
      if (matches > maxResults) return;
      const file = displayPath(cwd, resolvePath(cwd, event.path));
      // Like rg itself: "--" between groups of lines that are not adjacent, only when showing context.
      if (withContext && lastPrinted && (lastPrinted.path !== file || event.line > lastPrinted.line + 1))
        lines.push("--");
      const sep = event.type === "match" ? ":" : "-";
      lines.push(`${file}${sep}${event.line}${sep}${cutLine(event.text)}`);
      lastPrinted = { path: file, line: event.line };
    });
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

function parseEvent(json: string): LineEvent | undefined {
  let message: { type?: string; data?: Record<string, unknown> };
  try {
    message = JSON.parse(json);
  } catch {
    return undefined;
  }
  if ((message.type !== "match" && message.type !== "context") || !message.data) return undefined;
  const data = message.data as {
    path: { text?: string; bytes?: string };
    lines: { text?: string; bytes?: string };
    line_number: number;
  };
  return {
    type: message.type,
    path: data.path.text ?? Buffer.from(data.path.bytes ?? "", "base64").toString("utf8"),
    line: data.line_number,
    text: (data.lines.text ?? Buffer.from(data.lines.bytes ?? "", "base64").toString("utf8")).replace(
      /\r?\n$/,
      "",
    ),
  };
}

function cutLine(text: string): string {
  return text.length <= MAX_LINE_CHARS ? text : `${text.slice(0, MAX_LINE_CHARS)}... [line truncated]`;
}

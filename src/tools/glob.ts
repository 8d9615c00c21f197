// glob: find files by name pattern, newest first, honouring .gitignore. The walk is bounded: it skips
// symbolic links like `rg --files` (so never leaves the root or loops through one), prunes ignored folders, reads each
// .gitignore only in folders it enters, and stops after a number of entries or seconds, saying so.
import type { Dirent, readdir as fsReaddir } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { glob } from "tinyglobby";
import { z } from "zod";
import { pathArgument, stringArgument } from "../permissions/tool-permission.js";
import { defineTool, ToolError } from "./define.js";
import { GitignoreRules } from "./gitignore.js";
import { displayPath, resolvePath, walkSkip } from "./paths.js";

const MAX_RESULTS = 100;
const ALWAYS_SKIPPED = [".git", "node_modules"];

export interface WalkLimits {
  /** Directory entries looked at before the walk stops. */
  maxEntries: number;
  /** Milliseconds before the walk stops. */
  maxMs: number;
}

export const DEFAULT_WALK_LIMITS: WalkLimits = { maxEntries: 200_000, maxMs: 20_000 };

const schema = z.object({
  pattern: z.string().min(1).describe('Glob pattern, e.g. "**/*.ts" or "src/**/test_*.py"'),
  path: z.string().optional().describe("Directory to search in (default: the working directory)"),
});

/** The glob tool with the given walk limits (the built-in one uses DEFAULT_WALK_LIMITS). */
export function makeGlobTool(limits: WalkLimits) {
  return defineTool({
    name: "glob",
    description:
      "Find files whose paths match a glob pattern. Honours .gitignore and skips .git and node_modules " +
      `(unless the pattern names them); symbolic links are skipped, never followed. Returns paths relative to the working directory, newest first, at most ${MAX_RESULTS}. ` +
      `Very large trees are cut after ${limits.maxEntries} entries or ${limits.maxMs / 1000}s (the result says so): search a subfolder instead.`,
    schema,
    permission: {
      kind: "read",
      paths: (input) => pathArgument(input, "path"),
      label: (input) => stringArgument(input, "pattern"),
    },
    activity: "search",
    async execute(args, ctx) {
      const root = resolvePath(ctx.workingDir, args.path ?? ".");
      const rootInfo = await stat(root).catch(() => undefined);
      if (!rootInfo?.isDirectory()) {
        throw new ToolError(
          `${displayPath(ctx.workingDir, root)} is not a directory; give a folder to search in.`,
        );
      }
      const skipped = ALWAYS_SKIPPED.filter((name) => !args.pattern.includes(name));
      const walk = new BoundedWalk(root, skipped, limits, walkSkip("glob", root, ctx));
      await walk.rules.addAncestors(root, ctx.workingDir);
      const found = await glob(args.pattern, {
        cwd: root,
        absolute: true,
        dot: true,
        onlyFiles: true,
        followSymbolicLinks: false,
        ignore: skipped.map((name) => `**/${name}/**`),
        fs: { readdir: walk.readdir as unknown as typeof fsReaddir },
        signal: ctx.signal,
      });
      if (ctx.signal.aborted) throw new ToolError("glob was interrupted.");
      const cut = walk.cutNote();
      if (found.length === 0) {
        return { content: `No files match ${args.pattern}${cut ? `\n${cut}` : ""}`, summary: "0 files" };
      }
      const dated = await Promise.all(
        found.map(async (file) => ({
          file,
          mtime: (await stat(file).catch(() => undefined))?.mtimeMs ?? 0,
        })),
      );
      // Newest first; ties by path so the order is stable.
      dated.sort((a, b) => b.mtime - a.mtime || a.file.localeCompare(b.file));
      const lines = dated
        .slice(0, MAX_RESULTS)
        .map(({ file }) => displayPath(ctx.workingDir, path.normalize(file)));
      if (dated.length > MAX_RESULTS) lines.push(`... and ${dated.length - MAX_RESULTS} more`);
      if (cut) lines.push(cut);
      const count = `${dated.length}${cut ? "+" : ""} ${dated.length === 1 ? "file" : "files"}`;
      return { content: lines.join("\n"), summary: count };
    },
  });
}

export const globTool = makeGlobTool(DEFAULT_WALK_LIMITS);

type ReaddirCallback = (error: NodeJS.ErrnoException | null, entries: Dirent[]) => void;

/**
 * The walk's view of the file system, handed to tinyglobby as its `readdir`: each folder's
 * .gitignore is read as the folder is entered and its ignored entries dropped (ignored folders are
 * never walked), and once the entry or time budget is spent every folder reads as empty.
 */
class BoundedWalk {
  readonly rules = new GitignoreRules();
  private entries = 0;
  private readonly started = Date.now();
  private stoppedBy: "entries" | "time" | undefined;

  constructor(
    private readonly root: string,
    private readonly skipped: string[],
    private readonly limits: WalkLimits,
    private readonly hidden?: (absolute: string) => boolean,
  ) {}

  readonly readdir = (dir: string, _options: unknown, callback: ReaddirCallback): void => {
    this.list(path.resolve(this.root, dir)).then(
      (entries) => callback(null, entries),
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };

  cutNote(): string | undefined {
    if (!this.stoppedBy) return undefined;
    const why =
      this.stoppedBy === "entries"
        ? `after ${this.limits.maxEntries} entries`
        : `after ${this.limits.maxMs / 1000}s`;
    return `(search stopped ${why}: the tree is too large, so results are incomplete; search a subfolder or use a narrower pattern)`;
  }

  private async list(dir: string): Promise<Dirent[]> {
    if (this.overBudget()) return [];
    const entries = await readdir(dir, { withFileTypes: true });
    this.entries += entries.length;
    if (this.overBudget()) return [];
    if (entries.some((e) => e.name === ".gitignore" && e.isFile())) await this.rules.addFolder(dir);
    return entries.filter((entry) => {
      if (entry.isDirectory() && this.skipped.includes(entry.name)) return false;
      const full = path.join(dir, entry.name);
      // Secrets and denied paths are never listed, and a denied folder is never entered.
      if (this.hidden?.(full)) return false;
      return !this.rules.ignores(full, entry.isDirectory());
    });
  }

  private overBudget(): boolean {
    if (this.stoppedBy) return true;
    if (this.entries > this.limits.maxEntries) this.stoppedBy = "entries";
    else if (Date.now() - this.started >= this.limits.maxMs) this.stoppedBy = "time";
    return this.stoppedBy !== undefined;
  }
}

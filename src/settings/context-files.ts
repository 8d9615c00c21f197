// Context files: AGENTS.md (or CLAUDE.md where a folder has none) from ~/.agenix/, then from the
// project root down to the working directory. Joined root-to-leaf under a heading naming each path;
// over the cap, the least specific files are cut first (the nearest instructions matter most).
import path from "node:path";
import { readConfined } from "./confined-read.js";
import { projectChain } from "./project-dirs.js";

export const CONTEXT_CAP_BYTES = 32 * 1024;
/** Looked for in each folder; the first that exists is used. */
export const CONTEXT_FILE_NAMES: readonly string[] = ["AGENTS.md", "CLAUDE.md"];

export interface ContextFile {
  path: string;
  content: string;
  bytes: number;
  /** True when only the head of the file fit under the cap. */
  truncated?: boolean;
}

export interface ContextFilesResult {
  /** Loaded files, least specific first (the order they appear in the prompt). */
  files: ContextFile[];
  /** Files left out entirely because of the cap. */
  cut: ContextFile[];
  /** The text for the system prompt ("" when there are none). */
  text: string;
  /** Set when something was cut: names what and why. */
  notice?: string;
  /** Files not read: links leaving the project, special files (each says which and why). */
  skipped?: string[];
}

export interface ContextFilesOptions {
  home: string;
  /** The git root of the working directory, else the working directory. */
  projectRoot: string;
  cwd: string;
  capBytes?: number;
  /** File names in order of preference (settings `contextFiles`); default AGENTS.md, then CLAUDE.md. */
  names?: readonly string[];
}

/** The folders searched, least specific first: ~/.agenix, then project root down to cwd. */
export function contextDirs(options: ContextFilesOptions): string[] {
  const dirs = [path.join(options.home, ".agenix")];
  const chain = projectChain(options.projectRoot, options.cwd);
  for (const dir of chain) if (!dirs.includes(dir)) dirs.push(dir);
  return dirs;
}

/** The first of `names` in `dir` that can be read; a project's files only from inside the project. */
async function readFirst(
  dir: string,
  names: readonly string[],
  confineTo: string | undefined,
  skipped: string[],
): Promise<ContextFile | undefined> {
  for (const name of names) {
    const file = path.join(dir, name);
    const read = await readConfined(file, confineTo);
    if (read === undefined) continue; // missing or unreadable: try the next name
    if ("skipped" in read) {
      skipped.push(read.skipped);
      continue;
    }
    return { path: file, content: read.text, bytes: Buffer.byteLength(read.text) };
  }
  return undefined;
}

export function formatContextFile(file: ContextFile): string {
  return `## ${file.path}\n\n${file.content.trimEnd()}${file.truncated ? "\n\n[... cut: over the context-file cap]" : ""}`;
}

export async function loadContextFiles(options: ContextFilesOptions): Promise<ContextFilesResult> {
  const cap = options.capBytes ?? CONTEXT_CAP_BYTES;
  const userDir = path.join(options.home, ".agenix");
  const dirs = contextDirs(options);
  // One list per folder, read in parallel, joined in folder order (not in the order reads finish).
  const skippedBy = dirs.map((): string[] => []);
  const found = (
    await Promise.all(
      dirs.map((dir, i) =>
        readFirst(
          dir,
          options.names ?? CONTEXT_FILE_NAMES,
          dir === userDir ? undefined : options.projectRoot,
          skippedBy[i] as string[],
        ),
      ),
    )
  ).filter((f): f is ContextFile => f !== undefined && f.content.trim() !== "");
  const skipped = skippedBy.flat();
  const files = [...found];
  const cut: ContextFile[] = [];
  let total = files.reduce((sum, f) => sum + f.bytes, 0);
  while (total > cap && files.length > 1) {
    const dropped = files.shift() as ContextFile;
    cut.push(dropped);
    total -= dropped.bytes;
  }
  const last = files[0];
  if (last && files.length === 1 && last.bytes > cap) {
    const head = Buffer.from(last.content)
      .subarray(0, cap)
      .toString("utf8")
      .replace(/\uFFFD$/, "");
    files[0] = { ...last, content: head, truncated: true };
  }
  const notes = [
    ...cut.map((f) => `${f.path} (${kib(f.bytes)}, left out)`),
    ...files
      .filter((f) => f.truncated)
      .map((f) => `${f.path} (${kib(f.bytes)}, only the first ${kib(cap)} kept)`),
  ];
  const notice =
    notes.length > 0
      ? `Context files are over the ${kib(cap)} cap; cut (least specific first): ${notes.join("; ")}.`
      : undefined;
  return { files, cut, text: files.map(formatContextFile).join("\n\n"), notice, skipped };
}

function kib(bytes: number): string {
  return bytes >= 1024 ? `${(bytes / 1024).toFixed(1).replace(/\.0$/, "")} KiB` : `${bytes} B`;
}

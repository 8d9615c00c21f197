// .gitignore rules for glob: the search root's own .gitignore, those of its ancestors up to the
// working directory, and nested ones below it, each applying to paths relative to its folder.
import { readFile } from "node:fs/promises";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import { glob } from "tinyglobby";

interface Rules {
  dir: string;
  matcher: Ignore;
}

export type IgnoreTest = (absolutePath: string) => boolean;

export async function loadGitignore(
  root: string,
  workingDir: string,
  signal: AbortSignal,
): Promise<IgnoreTest> {
  const files = await glob("**/.gitignore", {
    cwd: root,
    absolute: true,
    dot: true,
    ignore: ["**/node_modules/**", "**/.git/**"],
    signal,
  });
  for (let dir = root; isInside(workingDir, dir) && dir !== workingDir; ) {
    dir = path.dirname(dir);
    files.push(path.join(dir, ".gitignore"));
  }
  const rules: Rules[] = [];
  for (const file of files) {
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text !== undefined) rules.push({ dir: path.dirname(file), matcher: ignore().add(text) });
  }
  return (absolutePath) =>
    rules.some(({ dir, matcher }) => {
      if (!isInside(dir, absolutePath) || absolutePath === dir) return false;
      return matcher.ignores(path.relative(dir, absolutePath).split(path.sep).join("/"));
    });
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith(`..${path.sep}`) && rel !== ".." && !path.isAbsolute(rel));
}

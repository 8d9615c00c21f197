// .gitignore rules for glob, gathered as the walk goes: the ancestors' files between the working
// directory and the search root up front, then each folder's own .gitignore when the walk enters it.
// Nothing is read in folders the walk never visits (the old loader globbed the whole tree for them).
import { readFile } from "node:fs/promises";
import path from "node:path";
import ignore, { type Ignore } from "ignore";

interface Rules {
  dir: string;
  matcher: Ignore;
}

export class GitignoreRules {
  private readonly rules: Rules[] = [];

  /** Rules of the folders from `workingDir` down to the root's parent (when root lies inside it). */
  async addAncestors(root: string, workingDir: string): Promise<void> {
    const dirs: string[] = [];
    for (let dir = root; isInside(workingDir, dir) && dir !== workingDir; ) {
      dir = path.dirname(dir);
      dirs.push(dir);
    }
    for (const dir of dirs.reverse()) await this.addFolder(dir);
  }

  /** Reads `dir/.gitignore` if there is one. */
  async addFolder(dir: string): Promise<void> {
    const text = await readFile(path.join(dir, ".gitignore"), "utf8").catch(() => undefined);
    if (text !== undefined) this.rules.push({ dir, matcher: ignore().add(text) });
  }

  /** Whether a path is ignored by any rule of a folder above it; `isDir` lets `dist/` match folders. */
  ignores(absolutePath: string, isDir: boolean): boolean {
    return this.rules.some(({ dir, matcher }) => {
      if (!isInside(dir, absolutePath) || absolutePath === dir) return false;
      const rel = path.relative(dir, absolutePath).split(path.sep).join("/");
      return matcher.ignores(isDir ? `${rel}/` : rel);
    });
  }
}

function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith(`..${path.sep}`) && rel !== ".." && !path.isAbsolute(rel));
}

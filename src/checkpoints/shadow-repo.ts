// The shadow repository of one working directory: ~/.agenix/checkpoints/<folder>/ (0700), a bare
// git directory with its own index. Snapshots are commits written with plumbing (add, write-tree,
// commit-tree, update-ref) against that directory; the project's own .git is only ever read (its
// info/exclude, as core.excludesFile).
import { createHash, randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { folderNameFor } from "../sessions/paths.js";
import { type GitTarget, git } from "./git.js";

/** `$AGENIX_CHECKPOINT_DIR`, else ~/.agenix/checkpoints. */
export function checkpointsRoot(env: NodeJS.ProcessEnv, home: string): string {
  const fromEnv = env.AGENIX_CHECKPOINT_DIR;
  if (fromEnv && fromEnv.trim() !== "") return path.resolve(fromEnv);
  return path.join(home, ".agenix", "checkpoints");
}

/**
 * The project's info/exclude file (read only), found by walking up to the nearest `.git` (a
 * directory, or a worktree's `gitdir:` file with its `commondir`). undefined outside a repository.
 */
export function projectExcludeFile(workTree: string): string | undefined {
  for (let dir = workTree; ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, ".git");
    try {
      const stat = statSync(dotGit);
      let gitDir = dotGit;
      if (stat.isFile()) {
        const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, "utf8"))?.[1]?.trim();
        if (!pointer) return undefined;
        gitDir = path.resolve(dir, pointer);
        try {
          gitDir = path.resolve(gitDir, readFileSync(path.join(gitDir, "commondir"), "utf8").trim());
        } catch {
          // not a linked worktree
        }
      }
      const exclude = path.join(gitDir, "info", "exclude");
      return existsSync(exclude) ? exclude : undefined;
    } catch {
      // no .git here
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The repository folder for a working directory: the sessions folder name; when that name is
 * already taken by another directory (two paths can encode alike), the name plus a hash of the path.
 */
export function repoDirFor(root: string, workTree: string): string {
  const plain = path.join(root, folderNameFor(workTree));
  const owner = readOwner(plain);
  if (owner === undefined || owner === workTree) return plain;
  const hash = createHash("sha256").update(workTree).digest("hex").slice(0, 12);
  return `${plain}_${hash}`;
}

function readOwner(dir: string): string | undefined {
  try {
    return readFileSync(path.join(dir, "agenix-working-dir"), "utf8");
  } catch {
    return undefined;
  }
}

/** Creates the repository if needed (in a temp folder renamed into place, so a kill leaves none half-made). */
export async function ensureRepo(root: string, gitDir: string, workTree: string): Promise<void> {
  if (existsSync(path.join(gitDir, "HEAD")) && readOwner(gitDir) === workTree) {
    writeOwnExcludes(root, gitDir, workTree);
    return;
  }
  mkdirSync(root, { recursive: true, mode: 0o700 });
  chmodSync(root, 0o700);
  if (existsSync(gitDir)) {
    // Left by a kill during creation, or an owner file lost: start it over only if it has no HEAD.
    if (!existsSync(path.join(gitDir, "HEAD"))) rmSync(gitDir, { recursive: true, force: true });
    else {
      writeFileSync(path.join(gitDir, "agenix-working-dir"), workTree, { mode: 0o600 });
      writeOwnExcludes(root, gitDir, workTree);
      return;
    }
  }
  const temp = `${gitDir}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  mkdirSync(temp, { mode: 0o700 });
  try {
    const target: GitTarget = { gitDir: temp, workTree };
    await git(target, ["init", "--quiet", "--bare", temp], { bare: true });
    await git(target, ["config", "--file", path.join(temp, "config"), "core.logAllRefUpdates", "false"], {
      bare: true,
    });
    writeFileSync(path.join(temp, "agenix-working-dir"), workTree, { mode: 0o600 });
    rmSync(path.join(temp, "hooks"), { recursive: true, force: true });
    chmodSync(temp, 0o700);
    renameSync(temp, gitDir);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    if (!existsSync(path.join(gitDir, "HEAD"))) throw error;
    // another process made it first
  }
  writeOwnExcludes(root, gitDir, workTree);
}

/**
 * The shadow repository's own info/exclude: agenix's folder (~/.agenix, holding the sessions and
 * these repositories) when it lies inside the working directory (agenix run in the home folder).
 */
function writeOwnExcludes(root: string, gitDir: string, workTree: string): void {
  const agenixDir = path.dirname(root);
  const relative = path.relative(workTree, agenixDir);
  const inside = relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
  const lines = inside ? `/${relative.split(path.sep).join("/")}/\n` : "";
  const file = path.join(gitDir, "info", "exclude");
  let current: string | undefined;
  try {
    current = readFileSync(file, "utf8");
  } catch {
    current = undefined;
  }
  if (current !== lines) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, lines, { mode: 0o600 });
  }
  // Byte for byte: the project's .gitattributes may not convert line ends or run filters on the
  // way in or out (info/attributes wins over the work tree's files).
  const attributes = path.join(gitDir, "info", "attributes");
  if (!existsSync(attributes)) {
    writeFileSync(attributes, "* -text !eol -filter -ident !working-tree-encoding\n", { mode: 0o600 });
  }
}

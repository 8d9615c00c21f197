// The shadow repository of one working directory: ~/.agenix/checkpoints/<folder>/ (0700), a bare
// git directory with its own index. Snapshots are commits written with plumbing (add, write-tree)
// against that directory; the project's own .git is only ever read (its info/exclude, copied with
// the .gitignore rules of the folders above the working directory into the shadow info/exclude).
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { folderNameFor } from "../sessions/paths.js";
import { type GitTarget, git } from "./git.js";
import { findProjectRepo, inheritedIgnoreRules } from "./ignore-rules.js";

/** `$AGENIX_CHECKPOINT_DIR`, else ~/.agenix/checkpoints. */
export function checkpointsRoot(env: NodeJS.ProcessEnv, home: string): string {
  const fromEnv = env.AGENIX_CHECKPOINT_DIR;
  if (fromEnv && fromEnv.trim() !== "") return path.resolve(fromEnv);
  return path.join(home, ".agenix", "checkpoints");
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
    writeAttributes(gitDir);
    return;
  }
  mkdirSync(root, { recursive: true, mode: 0o700 });
  chmodSync(root, 0o700);
  if (existsSync(gitDir)) {
    // Left by a kill during creation, or an owner file lost: start it over only if it has no HEAD.
    if (!existsSync(path.join(gitDir, "HEAD"))) rmSync(gitDir, { recursive: true, force: true });
    else {
      writeFileSync(path.join(gitDir, "agenix-working-dir"), workTree, { mode: 0o600 });
      writeAttributes(gitDir);
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
  writeAttributes(gitDir);
}

/**
 * The shadow repository's info/exclude (rewritten when it changed; called before every scan): the
 * project repository's rules git would not see from the working directory (its info/exclude, and
 * the .gitignore files above the working directory, see ignore-rules.ts), then agenix's own folder
 * (~/.agenix, holding the sessions and these repositories) when it lies inside the working directory.
 */
export function writeShadowExcludes(root: string, gitDir: string, workTree: string): InheritedRules {
  const repo = findProjectRepo(workTree);
  const lines = inheritedIgnoreRules(workTree, repo);
  const inherited = { top: lines.length > 0 ? repo?.top : undefined };
  const agenixDir = path.dirname(root);
  const relative = path.relative(workTree, agenixDir);
  const inside = relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
  if (inside) lines.push(`/${relative.split(path.sep).join("/")}/`);
  const text = lines.map((l) => `${l}\n`).join("");
  const file = path.join(gitDir, "info", "exclude");
  let current: string | undefined;
  try {
    current = readFileSync(file, "utf8");
  } catch {
    current = undefined;
  }
  if (current === text) return inherited;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Whole or not at all: a git reading it meanwhile (another agenix) sees the old or the new file.
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, text, { mode: 0o600 });
  renameSync(temp, file);
  return inherited;
}

export interface InheritedRules {
  /** The repository whose rules above the working directory apply; undefined when none do. */
  top?: string;
}

/**
 * Byte for byte: the project's .gitattributes may not convert line ends or run filters on the way
 * in or out (info/attributes wins over the work tree's files).
 */
function writeAttributes(gitDir: string): void {
  const attributes = path.join(gitDir, "info", "attributes");
  if (!existsSync(attributes)) {
    mkdirSync(path.dirname(attributes), { recursive: true, mode: 0o700 });
    writeFileSync(attributes, "* -text !eol -filter -ident !working-tree-encoding\n", { mode: 0o600 });
  }
}

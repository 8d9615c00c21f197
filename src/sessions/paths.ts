// Where session files live: the root, the per-working-directory folder, and id rules.
// Nothing here writes; every path it returns is inside the root (ids are validated first).
import { createHash } from "node:crypto";
import { accessSync, constants, realpathSync, statSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { ConfigError, InvalidSessionIdError } from "../errors.js";

/**
 * `$AGENIX_SESSION_DIR`, else `~/.agenix/sessions`. A relative value is taken from the current
 * directory and a leading `~` (left unexpanded by quoting or by a config file) means the home.
 */
export function defaultSessionRoot(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.AGENIX_SESSION_DIR;
  if (fromEnv && fromEnv.trim() !== "") {
    const home = env.HOME || homedir();
    if (fromEnv === "~" || fromEnv.startsWith("~/")) return path.resolve(home, fromEnv.slice(2));
    return path.resolve(fromEnv);
  }
  return path.join(env.HOME || homedir(), ".agenix", "sessions");
}

/** Resolves a user-given directory against cwd (symlinks resolved, see canonicalDir), expanding a leading `~` (unexpanded in `--flag=~/x`). */
export function resolveDir(
  dir: string | undefined,
  cwd: string,
  env: Record<string, string | undefined>,
): string {
  if (dir === undefined || dir === "") return canonicalDir(cwd);
  const home = env.HOME;
  if (home && (dir === "~" || dir.startsWith("~/"))) return canonicalDir(path.resolve(home, dir.slice(2)));
  return canonicalDir(path.resolve(cwd, dir));
}

/**
 * A directory as agenix names it everywhere: absolute, with symlinks resolved (`cd link` and
 * `--working-dir link` must map to one session folder). A directory that does not exist is only
 * made absolute (the caller reports it).
 */
export function canonicalDir(dir: string): string {
  const absolute = path.resolve(dir);
  try {
    return realpathSync(absolute);
  } catch {
    return absolute;
  }
}

/**
 * Throws ConfigError unless the sessions root is a writable directory or can be created: a root
 * that is a file or read-only would otherwise only show up as a warning after the conversation.
 */
export function assertUsableRoot(root: string, fromEnvironment = true): void {
  const env = process.env.AGENIX_SESSION_DIR;
  const fromEnv = fromEnvironment && env ? ` (AGENIX_SESSION_DIR=${env})` : "";
  // The nearest existing ancestor decides: the root itself, or where it will be created.
  let existing = root;
  for (;;) {
    try {
      const stat = statSync(existing);
      if (!stat.isDirectory()) {
        const what =
          existing === root ? "is a file, not a directory" : `cannot be created: ${existing} is a file`;
        throw new ConfigError(
          `The sessions directory ${root}${fromEnv} ${what}. Point AGENIX_SESSION_DIR to a directory.`,
        );
      }
      break;
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      const parent = path.dirname(existing);
      if (parent === existing) break;
      existing = parent;
    }
  }
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch {
    throw new ConfigError(
      `The sessions directory ${root}${fromEnv} is not writable (${existing} denies it): ` +
        "fix its permissions or point AGENIX_SESSION_DIR elsewhere.",
    );
  }
}

const MAX_FOLDER_BYTES = 200;
const KEPT_FOLDER_BYTES = 180;

/**
 * The folder name for a working directory: the absolute path without its leading `/`, with `/`
 * replaced by `_` (`/home/user/project1` -> `home_user_project1`). `/` itself becomes `_`.
 * Names longer than 200 bytes keep their first 180 bytes plus `_` and 12 hex digits of the
 * path's sha256, so deep paths still fit the file system's 255-byte name limit.
 */
export function folderNameFor(workingDir: string): string {
  const absolute = path.resolve(workingDir);
  let name = absolute.replace(/^\/+/, "").replace(/\//g, "_");
  if (name === "") name = "_";
  const bytes = Buffer.from(name, "utf8");
  if (bytes.length <= MAX_FOLDER_BYTES) return name;
  // Cut on a character boundary: drop UTF-8 continuation bytes at the cut.
  let end = KEPT_FOLDER_BYTES;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  const hash = createHash("sha256").update(absolute).digest("hex").slice(0, 12);
  return `${bytes.subarray(0, end).toString("utf8")}_${hash}`;
}

const MAX_ID_LENGTH = 128;

/** Throws InvalidSessionIdError unless `id` is a plain file-name stem. */
export function validateSessionId(id: unknown): string {
  if (typeof id !== "string") throw new InvalidSessionIdError(String(id), "not a string");
  const reject = (why: string): never => {
    throw new InvalidSessionIdError(id, why);
  };
  if (id === "") reject("it is empty");
  if (id.length > MAX_ID_LENGTH) reject(`longer than ${MAX_ID_LENGTH} characters`);
  if (id.includes("\0")) reject("it contains a NUL byte");
  if (id.includes("/") || id.includes("\\")) reject("an id is a file name, not a path");
  if (id.startsWith(".")) reject("it starts with a dot");
  if (id.includes("..")) reject("it contains '..'");
  if (/[\u0000-\u001f\u007f]/.test(id)) reject("it contains control characters");
  if (id.endsWith(".json")) reject("pass the id without .json");
  return id;
}

/** True for names `sessions list` treats as session files (`<id>.json`, no dot-files or temp files). */
export function isSessionFileName(name: string): boolean {
  return name.endsWith(".json") && !name.startsWith(".") && name.length > 5;
}

export function idFromFileName(name: string): string {
  return name.slice(0, -".json".length);
}

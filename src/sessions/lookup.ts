// Finding a session file by id: the working directory's folder first, then every folder.
import { existsSync, lstatSync, readdirSync } from "node:fs";
import path from "node:path";
import { AmbiguousSessionError, SessionNotFoundError } from "../errors.js";
import { folderNameFor, validateSessionId } from "./paths.js";

/** The folders under the root (real directories only; symlinked folders are not followed). */
export function sessionFolders(root: string): string[] {
  try {
    return readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(root, entry.name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

function isFileEntry(file: string): boolean {
  try {
    return lstatSync(file).isFile();
  } catch {
    return false;
  }
}

/** Every `<id>.json` under the root, the working directory's folder first. */
export function findSessionFiles(root: string, id: string, workingDir?: string): string[] {
  validateSessionId(id);
  const name = `${id}.json`;
  const found: string[] = [];
  const home = workingDir ? path.join(root, folderNameFor(workingDir)) : undefined;
  if (home && isFileEntry(path.join(home, name))) found.push(path.join(home, name));
  for (const folder of sessionFolders(root)) {
    if (folder === home) continue;
    const file = path.join(folder, name);
    if (isFileEntry(file)) found.push(file);
  }
  return found;
}

/**
 * The file for `id`: in the working directory's folder if it is there, else the only match
 * elsewhere. Throws SessionNotFoundError or AmbiguousSessionError.
 */
export function resolveSessionFile(root: string, id: string, workingDir?: string): string {
  validateSessionId(id);
  if (workingDir) {
    const own = path.join(root, folderNameFor(workingDir), `${id}.json`);
    if (isFileEntry(own)) return own;
  }
  const found = findSessionFiles(root, id);
  if (found.length === 0) throw new SessionNotFoundError(id);
  if (found.length > 1) throw new AmbiguousSessionError(id, found);
  return found[0];
}

/** True when any folder already has `<id>.json` (or a symlink by that name). */
export function idTaken(root: string, id: string): boolean {
  return sessionFolders(root).some((folder) => existsSync(path.join(folder, `${id}.json`)));
}

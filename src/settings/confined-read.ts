// Reading a file a project supplies as instructions (context files, skills, custom commands): only
// a regular file, and for a project's files only one that really lies inside the project. A link
// from the repository to ~/.ssh/id_rsa or /proc/self/environ would otherwise put a secret into
// the system prompt; a FIFO would hang the start.
import { constants } from "node:fs";
import { lstat, open, realpath } from "node:fs/promises";
import path from "node:path";

export type ConfinedRead =
  | { text: string }
  /** Not read, and why (shown once as a notice). */
  | { skipped: string }
  /** Missing (or unreadable): not an error, the caller tries the next place. */
  | undefined;

const PSEUDO_FILESYSTEMS = ["/proc", "/sys", "/dev"];

function isInside(absolute: string, dir: string): boolean {
  const rel = path.relative(dir, absolute);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * Reads `file` as UTF-8 when it is a regular file and, with `confineTo` (the project root), when
 * its real path (every link followed) is inside that folder.
 */
export async function readConfined(file: string, confineTo?: string): Promise<ConfinedRead> {
  try {
    await lstat(file);
  } catch {
    return undefined;
  }
  let real: string;
  try {
    real = await realpath(file);
  } catch {
    return { skipped: `${file} is a broken link; not read` };
  }
  if (confineTo !== undefined) {
    const root = await realpath(confineTo).catch(() => path.resolve(confineTo));
    if (!isInside(real, root))
      return { skipped: `${file} is a link to ${real}, outside the project; not read` };
  }
  const notRegular = `${file} is not a regular file${real !== file ? ` (${real})` : ""}; not read`;
  if (PSEUDO_FILESYSTEMS.some((dir) => isInside(real, dir))) return { skipped: notRegular };
  // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then tells what was opened.
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    if (!(await handle.stat()).isFile()) return { skipped: notRegular };
    return { text: await handle.readFile("utf8") };
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

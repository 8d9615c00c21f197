// The references that keep each session's checkpoints alive in the shadow repository.
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";

/** The reference that keeps a session's checkpoints alive (deleting it lets gc drop them). */
export function sessionRef(id: string): string {
  const plain = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(id) && !id.includes("..") && !id.endsWith(".lock");
  return `refs/agenix/sessions/${plain ? id : `x${Buffer.from(id, "utf8").toString("hex")}`}`;
}

/**
 * Points a reference at a commit by writing its loose file (temp file and rename, under the
 * repository lock): what `git update-ref` does, without starting a process on every snapshot.
 */
export async function writeRef(gitDir: string, ref: string, commit: string): Promise<void> {
  const file = path.join(gitDir, ref);
  await mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(gitDir, `ref-tmp-${process.pid}`); // outside refs/: a torn one is never a ref
  await writeFile(temp, `${commit}\n`);
  await rename(temp, file);
}

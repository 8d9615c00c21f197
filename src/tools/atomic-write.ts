// Replacing a user's file is all or nothing: the new bytes go to a temp file beside it, are flushed,
// get the old file's mode, and take its place with one rename. An interrupt, a crash or a full disk
// leaves either the old file or the new one, never a truncated mix. No abort signal on purpose: once
// the write has started it finishes (it is short; a Ctrl-C then lands after it).
import { randomBytes } from "node:crypto";
import { open, realpath, rename, rm, stat } from "node:fs/promises";
import path from "node:path";

/** Writes `data` to `file` atomically. A symlink is followed (its target is replaced, the link stays). */
export async function writeFileAtomic(file: string, data: Buffer): Promise<void> {
  const target = await realpath(file).catch(() => file);
  const existing = await stat(target).catch(() => undefined);
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.agenix-${process.pid}-${randomBytes(4).toString("hex")}.tmp`,
  );
  // New files get the usual 0666 minus umask, like any editor; existing ones keep their mode.
  const handle = await open(temp, "wx", existing ? existing.mode & 0o7777 : 0o666);
  try {
    try {
      await handle.writeFile(data);
      if (existing) await handle.chmod(existing.mode & 0o7777);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

// Crash-safe small-file writes (temp file in the same folder, fsync, rename, fsync the folder) and
// a lock file so two agenix processes editing one settings file never lose each other's change.
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { mkdir, open, readFile, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { SettingsError } from "../errors.js";
import { processAlive } from "../process-alive.js";

/**
 * Creates a folder (and missing parents) with `mode`, e.g. 0700 for ~/.agenix: a folder that
 * already exists keeps its mode (the user may have chosen it).
 */
export async function ensureDir(dir: string, mode: number): Promise<void> {
  await mkdir(dir, { recursive: true, mode });
}

/** Writes `data` as pretty JSON; the old file stays intact if anything fails before the rename. */
export async function writeJsonAtomic(file: string, data: unknown, mode: number): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  let finalMode = mode;
  try {
    finalMode = (await stat(file)).mode & 0o777;
  } catch {}
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, finalMode);
  try {
    await handle.writeFile(`${JSON.stringify(data, null, 2)}\n`, "utf8");
    await handle.sync();
    await handle.close();
    await rename(temp, file);
  } catch (error) {
    await handle.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw new SettingsError(
      file,
      `could not be written (${(error as Error).message}); the file is unchanged`,
    );
  }
  try {
    const folder = await open(dir, "r");
    await folder.sync().finally(() => folder.close());
  } catch {}
}

const LOCK_WAIT_MS = 10_000;

/**
 * Runs `fn` while holding `<file>.lock` (exclusive create, holding our pid). A lock whose process
 * is gone is removed; a live one is waited for, up to 10 s, then the edit fails with a message.
 */
export async function withFileLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${file}.lock`;
  await mkdir(path.dirname(file), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  let delay = 2;
  for (;;) {
    try {
      const handle = await open(lock, "wx", 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number.parseInt(await readFile(lock, "utf8").catch(() => ""), 10);
      if (Number.isInteger(owner) && owner > 0 && !processAlive(owner)) {
        await unlink(lock).catch(() => {});
        continue;
      }
      if (Date.now() > deadline) {
        throw new SettingsError(file, `is being edited by another process (lock ${lock}); try again`);
      }
      // Waiting for the other writer to release the lock (a condition, polled with backoff).
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 50);
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(lock).catch(() => {});
  }
}

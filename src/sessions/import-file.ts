// Reading a session file to import (`agenix sessions import <file.json>`, SDK importSession): parsed
// and validated like a stored session, but a torn file is refused rather than salvaged.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { SessionLoadError } from "../errors.js";
import type { SessionData } from "../messages/types.js";
import { clockNow, timestampId } from "./create.js";
import { parseSessionBytes } from "./load.js";
import { canonicalDir, validateSessionId } from "./paths.js";

/**
 * A session file to import, validated: its data (working_dir replaced when asked) and the id to
 * claim (its file name, `options.id`, or a fresh timestamp id when the name is not a valid id).
 */
export async function readSessionToImport(
  file: string,
  options: { workingDir?: string; id?: string },
): Promise<{ data: SessionData; baseId: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new SessionLoadError(file, (error as Error).message);
  }
  const loaded = parseSessionBytes(path.resolve(file), bytes);
  if (loaded.repaired) throw new SessionLoadError(file, "the file is truncated; repair it before importing");
  const data = loaded.data;
  if (options.workingDir) data.working_dir = canonicalDir(options.workingDir);
  let baseId = options.id ?? data.id;
  try {
    validateSessionId(baseId);
  } catch (error) {
    if (options.id) throw error;
    baseId = timestampId(clockNow());
  }
  return { data, baseId };
}

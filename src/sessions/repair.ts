// `agenix sessions repair`: rebuild a valid file from a damaged one, keeping the original.
import { constants } from "node:fs";
import { copyFile, readFile } from "node:fs/promises";
import path from "node:path";
import { SessionLoadError } from "../errors.js";
import { repairDanglingToolCalls } from "../messages/repair-tool-calls.js";
import type { SessionData } from "../messages/types.js";
import { timestampId } from "./create.js";
import { assertSafeTarget, rewriteFile } from "./disk-writer.js";
import type { SessionIo } from "./io.js";
import { validateSession } from "./load.js";
import { idFromFileName } from "./paths.js";
import { salvageSession } from "./salvage.js";

export interface RepairResult {
  path: string;
  /** Where the original was kept; undefined when nothing had to change. */
  backup?: string;
  /** Messages in the repaired file. */
  messages: number;
  /** Damaged messages that could not be kept. */
  skipped: number;
  /** Synthetic results added for tool calls that never got one. */
  addedToolResults: number;
  /** False when the file was already valid and complete. */
  changed: boolean;
}

async function keepBackup(file: string): Promise<string> {
  const base = `${file}.bak-${timestampId(new Date())}`;
  for (let n = 1; ; n++) {
    const target = n === 1 ? base : `${base}_${n}`;
    try {
      await copyFile(file, target, constants.COPYFILE_EXCL);
      return target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || n > 100) throw error;
    }
  }
}

function parseWhole(text: string): SessionData | undefined {
  try {
    return validateSession(JSON.parse(text)).data;
  } catch {
    return undefined;
  }
}

export async function repairFile(io: SessionIo, root: string, file: string): Promise<RepairResult> {
  let text = (await readFile(file)).toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let data = parseWhole(text);
  let skipped = 0;
  let damaged = false;
  if (!data) {
    damaged = true;
    const salvage = salvageSession(text, { resync: true });
    skipped = salvage.skipped;
    const { data: rebuilt, reason } = validateSession({ ...salvage.fields, messages: salvage.messages });
    if (!rebuilt) {
      throw new SessionLoadError(file, `cannot repair: the session header is damaged (${reason})`);
    }
    data = rebuilt;
  }
  const before = data.messages.length;
  data.messages = repairDanglingToolCalls(data.messages);
  const added = data.messages.length - before;
  data.id = idFromFileName(path.basename(file));
  const result = { path: file, messages: data.messages.length, skipped, addedToolResults: added };
  if (!damaged && added === 0) return { ...result, changed: false };
  assertSafeTarget(root, file);
  const backup = await keepBackup(file);
  await rewriteFile(io, file, data);
  return { ...result, backup, changed: true };
}

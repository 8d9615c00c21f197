// `agenix sessions repair`: rebuild a valid file from a damaged one, keeping the original.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { SessionLoadError } from "../errors.js";
import { repairDanglingToolCalls } from "../messages/repair-tool-calls.js";
import { repairToolOrder } from "../messages/repair-tool-order.js";
import type { SessionData } from "../messages/types.js";
import { keepBackup } from "./backup.js";
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
  /** Tool results moved after their call, dropped (no such call), and duplicate call ids renamed. */
  movedToolResults: number;
  droppedToolResults: number;
  renamedToolCalls: number;
  /** False when the file was already valid and complete. */
  changed: boolean;
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
  const order = repairToolOrder(data.messages);
  const before = order.messages.length;
  data.messages = repairDanglingToolCalls(order.messages);
  const added = data.messages.length - before;
  data.id = idFromFileName(path.basename(file));
  const result = {
    path: file,
    messages: data.messages.length,
    skipped,
    addedToolResults: added,
    movedToolResults: order.moved,
    droppedToolResults: order.dropped,
    renamedToolCalls: order.renamed,
  };
  const reordered = order.moved + order.dropped + order.renamed > 0;
  if (!damaged && added === 0 && !reordered) return { ...result, changed: false };
  assertSafeTarget(root, file);
  const backup = await keepBackup(file);
  await rewriteFile(io, file, data);
  return { ...result, backup, changed: true };
}

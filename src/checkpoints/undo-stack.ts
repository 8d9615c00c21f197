// Where /undo and /redo go, worked out from the session's checkpoint records alone (so it survives
// a restart): the records after the last turn or tool snapshot that are undos and redos form a stack.
import { CheckpointError } from "../errors.js";
import type { CheckpointRecord } from "../messages/types.js";

/** The undos not yet redone, oldest first (the trailing run of undo/redo records). */
function openUndos(records: readonly CheckpointRecord[]): CheckpointRecord[] {
  let start = records.length;
  while (start > 0 && (records[start - 1]!.trigger === "undo" || records[start - 1]!.trigger === "redo"))
    start--;
  const stack: CheckpointRecord[] = [];
  for (const record of records.slice(start)) {
    if (record.trigger === "undo") stack.push(record);
    else stack.pop();
  }
  return stack;
}

export function findCheckpoint(
  records: readonly CheckpointRecord[],
  id: string,
): CheckpointRecord | undefined {
  return records.find((r) => r.id === id);
}

/**
 * The turn checkpoint /undo goes back to: the last one, or after undos, the one before the turn
 * the last undo went back to. undefined: nothing (further) to undo.
 */
export function undoTarget(records: readonly CheckpointRecord[]): CheckpointRecord | undefined {
  const stack = openUndos(records);
  const turns = records.filter((r) => r.trigger === "turn");
  if (stack.length === 0) return turns.at(-1);
  const reached = stack.at(-1)!.restored_to;
  const at = turns.findIndex((r) => r.id === reached);
  return at > 0 ? turns[at - 1] : undefined;
}

/** The undo /redo takes back (its commit holds the files as they were before it). */
export function redoTarget(records: readonly CheckpointRecord[]): CheckpointRecord | undefined {
  return openUndos(records).at(-1);
}

/** The commit the working tree matched when agenix last touched it (a restore's goal, else the snapshot). */
export function lastKnownCommit(records: readonly CheckpointRecord[]): string | undefined {
  const last = records.at(-1);
  if (!last) return undefined;
  if (last.restored_to) return findCheckpoint(records, last.restored_to)?.commit ?? last.commit;
  return last.commit;
}

/** The user turn a checkpoint belongs to (1-based): the user messages before it, plus one for "turn". */
export function turnOf(record: CheckpointRecord, userIndexes: readonly number[]): number {
  const before = userIndexes.filter((i) => i < record.message_index).length;
  return record.trigger === "turn" ? before + 1 : Math.max(before, 1);
}

/** The checkpoint with this id, or the only one whose id starts with it. */
export function findByPrefix(records: readonly CheckpointRecord[], id: string): CheckpointRecord {
  const wanted = id.trim().toLowerCase();
  if (!/^[0-9a-f]{4,40}$/.test(wanted)) {
    throw new CheckpointError(
      `Invalid checkpoint id: ${JSON.stringify(id)} (expected 4 to 40 hex digits, from agenix checkpoints list).`,
    );
  }
  const matches = records.filter((r) => r.commit.startsWith(wanted));
  const unique = [...new Map(matches.map((r) => [r.commit, r])).values()];
  if (unique.length === 1) return unique[0]!;
  if (unique.length === 0) {
    throw new CheckpointError(`No checkpoint ${id} in this session (see: agenix checkpoints list).`);
  }
  throw new CheckpointError(`Checkpoint id ${id} is ambiguous (${unique.length} match); give more digits.`);
}

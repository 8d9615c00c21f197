// Where /undo and /redo go, from the records alone.
import { describe, expect, it } from "vitest";
import { lastKnownCommit, redoTarget, undoTarget } from "../../src/checkpoints/undo-stack.js";
import type { CheckpointRecord } from "../../src/messages/types.js";

let n = 0;
function rec(trigger: string, restored_to?: string): CheckpointRecord {
  n++;
  const id = `c${n}`;
  return {
    id,
    commit: `${id}-commit`,
    message_index: n,
    created_at: "2026-01-01T00:00:00Z",
    trigger,
    files_changed: 0,
    lines_added: 0,
    lines_removed: 0,
    ...(restored_to ? { restored_to } : {}),
  };
}

describe("undo stack", () => {
  it("undo walks back turn by turn, redo takes undos back in order, a new turn ends the chain", () => {
    const t1 = rec("turn");
    const k1 = rec("tool");
    const t2 = rec("turn");
    const k2 = rec("tool");
    const records = [t1, k1, t2, k2];
    expect(undoTarget(records)).toBe(t2);
    expect(redoTarget(records)).toBeUndefined();
    expect(lastKnownCommit(records)).toBe(k2.commit);

    const u1 = rec("undo", t2.id);
    records.push(u1);
    expect(lastKnownCommit(records)).toBe(t2.commit);
    expect(undoTarget(records)).toBe(t1);
    expect(redoTarget(records)).toBe(u1);

    const u2 = rec("undo", t1.id);
    records.push(u2);
    expect(undoTarget(records)).toBeUndefined();
    expect(redoTarget(records)).toBe(u2);

    const r1 = rec("redo", u2.id);
    records.push(r1);
    expect(lastKnownCommit(records)).toBe(u2.commit);
    expect(redoTarget(records)).toBe(u1);
    expect(undoTarget(records)).toBe(t1);

    records.push(rec("turn"));
    expect(redoTarget(records)).toBeUndefined();
    expect(undoTarget(records)).toBe(records.at(-1));
  });
});

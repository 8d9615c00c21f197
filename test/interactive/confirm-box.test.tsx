// The yes/no box (ink-testing-library): what it lists, that only y says yes, and the queue and the
// /undo flow that use it (overwrite exactly the files shown; a no changes nothing).
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import type { RestoreOptions, RestoreOutcome } from "../../src/agent/checkpoint-keeper.js";
import { ConfirmBox } from "../../src/cli/interactive/components/ConfirmBox.js";
import { type Confirmation, ConfirmQueue } from "../../src/cli/interactive/confirmations.js";
import { restoreAsking } from "../../src/cli/restore-asking.js";
import { CheckpointConflictError } from "../../src/errors.js";
import { flush, KEY } from "./ink-helpers.js";

const question = (items: string[]): Confirmation => ({
  title: "/undo would overwrite 2 files changed since agenix last saw them (your editor?):",
  items,
  yes: "overwrite them",
  no: "change nothing",
});

async function answerWith(keys: string[], items = ["notes.md", "src/with space.ts"]) {
  const answers: boolean[] = [];
  const view = render(<ConfirmBox question={question(items)} onAnswer={(yes) => answers.push(yes)} />);
  await flush();
  for (const key of keys) {
    view.stdin.write(key);
    await flush();
  }
  const frame = view.lastFrame()!;
  view.unmount();
  return { answers, frame };
}

describe("ConfirmBox", () => {
  it("lists the files and the choices, no being the default", async () => {
    const { frame, answers } = await answerWith([]);
    expect(frame).toContain("/undo would overwrite 2 files");
    expect(frame).toContain("notes.md");
    expect(frame).toContain("src/with space.ts");
    expect(frame).toContain("y: Yes, overwrite them");
    expect(frame).toContain("n/Enter/Esc: No, change nothing (default)");
    expect(answers).toEqual([]);
  });

  it("y is yes; n, Enter, Esc and Ctrl-C are no; other keys answer nothing", async () => {
    expect((await answerWith(["x", "1", "y"])).answers).toEqual([true]);
    expect((await answerWith(["Y"])).answers).toEqual([true]);
    expect((await answerWith(["n"])).answers).toEqual([false]);
    expect((await answerWith([KEY.enter])).answers).toEqual([false]);
    expect((await answerWith([KEY.escape])).answers).toEqual([false]);
    expect((await answerWith(["\u0003"])).answers).toEqual([false]);
  });

  it("shows 15 files and counts the rest; a newline in a name stays on its line", async () => {
    const items = Array.from({ length: 20 }, (_, i) => `file${i}.txt`);
    items[0] = "new\nline.txt";
    const { frame } = await answerWith([], items);
    expect(frame).toContain("new\\nline.txt");
    expect(frame).toContain("file14.txt");
    expect(frame).not.toContain("file15.txt");
    expect(frame).toContain("… and 5 more");
  });
});

describe("restoreAsking", () => {
  const outcome: RestoreOutcome = { changes: [{ path: "a.md", action: "restored" }], skipped: [] };

  it("asks about the conflicting files and retries overwriting exactly those, asking again for new ones", async () => {
    const calls: RestoreOptions[] = [];
    const asked: string[][] = [];
    const result = await restoreAsking(
      async (options) => {
        calls.push(options);
        if (calls.length === 1) throw new CheckpointConflictError(["a.md"]);
        if (calls.length === 2) throw new CheckpointConflictError(["b.md"]);
        return outcome;
      },
      async (q) => {
        asked.push(q.items);
        return true;
      },
      "/undo",
    );
    expect(result).toBe(outcome);
    expect(asked).toEqual([["a.md"], ["b.md"]]);
    expect(calls).toEqual([{}, { overwrite: ["a.md"] }, { overwrite: ["a.md", "b.md"] }]);
  });

  it("a no changes nothing: no second attempt", async () => {
    let attempts = 0;
    const result = await restoreAsking(
      async () => {
        attempts++;
        throw new CheckpointConflictError(["a.md"]);
      },
      async () => false,
      "/undo",
    );
    expect(result).toBe("declined");
    expect(attempts).toBe(1);
  });

  it("the queue shows one question at a time, in the order asked", async () => {
    const queue = new ConfirmQueue();
    const first = queue.ask(question(["a"]));
    const second = queue.ask(question(["b"]));
    expect(queue.current()?.items).toEqual(["a"]);
    queue.answer(false);
    expect(await first).toBe(false);
    expect(queue.current()?.items).toEqual(["b"]);
    queue.answer(true);
    expect(await second).toBe(true);
    expect(queue.current()).toBeUndefined();
  });
});

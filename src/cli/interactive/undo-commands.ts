// /undo and /redo: put the files back as they were before the last turn, or take that back
// (docs/checkpoints.md). A file changed since agenix last saw it is listed and only overwritten with
// `--force`, so an edit made in the user's editor is never lost by accident.
import type { RestoreOutcome } from "../../agent/checkpoint-keeper.js";
import { CheckpointConflictError } from "../../errors.js";
import type { CommandResult } from "./commands.js";
import type { ChatSession } from "./types.js";

export const UNDO_COMMANDS = [
  {
    name: "/undo",
    args: "[--force]",
    help: "put every file back as before the last turn (again: one more turn)",
  },
  { name: "/redo", args: "[--force]", help: "take the last /undo back" },
];

/** The files a restore changed, one per line. */
export function describeRestore(outcome: RestoreOutcome, what: string): string {
  const lines = outcome.changes.map((c) => `  ${c.action.padEnd(9)} ${c.path}`);
  const head =
    outcome.changes.length === 0
      ? `${what}: no file needed changing.`
      : `${what}: ${outcome.changes.length} file${outcome.changes.length === 1 ? "" : "s"} changed back:`;
  const skipped = outcome.skipped.map((f) => `  left alone (over checkpoints.maxFileBytes): ${f}`);
  return [head, ...lines, ...skipped].join("\n");
}

export async function undoCommand(
  name: string,
  args: string[],
  session: ChatSession,
): Promise<CommandResult> {
  const force = args.includes("--force");
  if (args.some((a) => a !== "--force")) return { output: `Usage: ${name} [--force]`, tone: "error" };
  const run = name === "/undo" ? session.undo : session.redo;
  if (!run) return { output: "Checkpoints are not available here.", tone: "error" };
  try {
    const outcome = await run.call(session, { force });
    const what = name === "/undo" ? "Undone" : "Redone";
    return {
      output: `${describeRestore(outcome, what)}\n(${name === "/undo" ? "/redo" : "/undo"} takes it back)`,
    };
  } catch (error) {
    if (error instanceof CheckpointConflictError) {
      const list = error.files.map((f) => `  ${f}`).join("\n");
      return {
        output: `These files changed since agenix last saw them (your editor?):\n${list}\n${name} would overwrite them. To do it anyway: ${name} --force`,
        tone: "warning",
      };
    }
    return { output: (error as Error).message, tone: "error" };
  }
}

/**
 * /rewind's files part: every file back as it was before user message `index` (the turn checkpoint
 * taken just before it). A tone means nothing was changed (and the conversation is not rewound).
 */
export async function rewindFiles(
  session: ChatSession,
  index: number,
): Promise<{ text: string; tone?: "warning" | "error" }> {
  const record = (session.getData().checkpoints ?? []).find(
    (r) => r.trigger === "turn" && r.message_index === index,
  );
  if (!record || !session.restore) {
    return {
      text: "No checkpoint before that message (it predates checkpoints, or they are off): nothing was rewound.",
      tone: "error",
    };
  }
  try {
    return {
      text: describeRestore(await session.restore(record.id, {}), `Files as before message #${index}`),
    };
  } catch (error) {
    if (error instanceof CheckpointConflictError) {
      const list = error.files.map((f) => `  ${f}`).join("\n");
      return {
        text: `These files changed since agenix last saw them (your editor?):\n${list}\nNothing was rewound. To restore the files anyway: agenix checkpoints restore ${record.id} --force`,
        tone: "warning",
      };
    }
    return { text: (error as Error).message, tone: "error" };
  }
}

// /undo and /redo: put the files back as they were before the last turn, or take that back
// (docs/checkpoints.md). A file changed since agenix last saw it is listed in a yes/no box (default
// no) and only overwritten on yes or with `--force`, so an edit made in the user's editor is never
// lost by accident.
import type { RestoreOptions, RestoreOutcome } from "../../agent/checkpoint-keeper.js";
import { CheckpointConflictError } from "../../errors.js";
import { type Confirm, restoreAsking } from "../restore-asking.js";
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

/** `confirm`: the yes/no box (without one, a conflict is listed and `--force` suggested). */
export async function undoCommand(
  name: string,
  args: string[],
  session: ChatSession,
  confirm?: Confirm,
): Promise<CommandResult> {
  const force = args.includes("--force");
  if (args.some((a) => a !== "--force")) return { output: `Usage: ${name} [--force]`, tone: "error" };
  const run = name === "/undo" ? session.undo : session.redo;
  if (!run) return { output: "Checkpoints are not available here.", tone: "error" };
  try {
    const attempt = (options: RestoreOptions) => run.call(session, { ...options, force });
    const outcome = confirm && !force ? await restoreAsking(attempt, confirm, name) : await attempt({});
    if (outcome === "declined")
      return { output: `${name}: nothing was changed (you kept your edits).`, tone: "warning" };
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
  confirm?: Confirm,
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
    const restore = session.restore.bind(session);
    const attempt = (options: RestoreOptions) => restore(record.id, options);
    const outcome = confirm ? await restoreAsking(attempt, confirm, "/rewind") : await attempt({});
    if (outcome === "declined")
      return { text: "/rewind: nothing was rewound (you kept your edits).", tone: "warning" };
    return { text: describeRestore(outcome, `Files as before message #${index}`) };
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

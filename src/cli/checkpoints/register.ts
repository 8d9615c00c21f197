// `agenix checkpoints ...`: command definitions only; each action loads its implementation on demand.
import type { Command } from "commander";
import { guarded } from "../run-guarded.js";

type Options = Record<string, unknown>;

export function registerCheckpointCommands(checkpoints: Command): void {
  checkpoints
    .command("list")
    .description("checkpoints of the working directory's sessions, oldest first")
    .option("--session <id>", "only this session's")
    .option("--json", "print JSON: [{id, session_id, message_index, created_at, files_changed, ...}]")
    .action(
      guarded(async (_o: Options, cmd: Command) =>
        (await import("./commands.js")).listCommand(cmd.optsWithGlobals()),
      ),
    );

  checkpoints
    .command("diff <checkpoint> [other]")
    .description("what changed from a checkpoint to another one (default: to the files as they are now)")
    .option("--session <id>", "look the checkpoints up in this session only")
    .action(
      guarded(async (from: string, to: string | undefined, _o: Options, cmd: Command) =>
        (await import("./commands.js")).diffCommand(from, to, cmd.optsWithGlobals()),
      ),
    );

  checkpoints
    .command("restore <checkpoint>")
    .description("put every file back as it was at a checkpoint (the restore is a checkpoint itself)")
    .option("--session <id>", "look the checkpoint up in this session only")
    .option("--dry-run", "only list the files that would change")
    .option("--force", "overwrite files changed since agenix last saw them")
    .action(
      guarded(async (id: string, _o: Options, cmd: Command) =>
        (await import("./commands.js")).restoreCommand(id, cmd.optsWithGlobals()),
      ),
    );
}

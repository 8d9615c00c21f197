// `agenix sessions ...`: command definitions only. Each action imports its implementation on
// demand, so `agenix --version` and the other commands stay fast.
import type { Command } from "commander";
import { UsageError } from "../../errors.js";
import { guarded } from "../run-guarded.js";
import { registerHistoryCommands } from "./register-history.js";

type Options = Record<string, unknown>;

/** The global `--working-dir` (given before or after `sessions`), as seen from a subcommand. */
function globals(command: Command): Options {
  return command.optsWithGlobals();
}

export function registerSessionCommands(sessions: Command): void {
  sessions
    .command("list")
    .description("list sessions of the working directory, newest first")
    .option("--all", "list sessions of every working directory")
    .option("--json", "print JSON")
    .option("--rescan", "check every session file, even in folders that look unchanged")
    .option("--all-agents", "list subagents' sessions too (hidden by default: they belong to their parents)")
    .action(
      guarded(async (_opts: Options, cmd: Command) =>
        (await import("./read-commands.js")).listCommand(globals(cmd)),
      ),
    );

  sessions
    .command("show [id]")
    .description("show a session's conversation")
    .option("--json", "print the session file as it is")
    .action(
      guarded(async (id: string | undefined, _o: Options, cmd: Command) => {
        if (id === undefined) {
          throw new UsageError(
            "sessions show needs a session id, e.g. agenix sessions show 20240101_120000 (find ids with agenix sessions list; see agenix sessions show --help)",
          );
        }
        return (await import("./read-commands.js")).showCommand(id, globals(cmd));
      }),
    );

  sessions
    .command("path <id>")
    .description("print the session file's path")
    .action(
      guarded(async (id: string, _o: Options, cmd: Command) =>
        (await import("./read-commands.js")).pathCommand(id, globals(cmd)),
      ),
    );

  sessions
    .command("stats <id>")
    .description("message, tool and token statistics")
    .option("--json", "print JSON")
    .option("--no-children", "this session alone, without its subagents' sessions")
    .action(
      guarded(async (id: string, _o: Options, cmd: Command) =>
        (await import("./analysis-commands.js")).statsCommand(id, globals(cmd)),
      ),
    );

  sessions
    .command("cost <id>")
    .description("estimated cost from token usage and current model prices")
    .option("--json", "print JSON")
    .option("--no-children", "this session alone, without its subagents' sessions")
    .action(
      guarded(async (id: string, _o: Options, cmd: Command) =>
        (await import("./analysis-commands.js")).costCommand(id, globals(cmd)),
      ),
    );

  sessions
    .command("rename <id> <name>")
    .description("set the session's name (metadata.name)")
    .action(
      guarded(async (id: string, name: string, _o: Options, cmd: Command) =>
        (await import("./edit-commands.js")).renameCommand(id, name, globals(cmd)),
      ),
    );

  sessions
    .command("tag <id> <tags...>")
    .description("add tags to a session (metadata.tags)")
    .option("--remove", "remove these tags instead")
    .action(
      guarded(async (id: string, tags: string[], _o: Options, cmd: Command) =>
        (await import("./edit-commands.js")).tagCommand(id, tags, globals(cmd)),
      ),
    );

  sessions
    .command("export <id>")
    .description("print the session as JSON, Markdown or HTML (or write it to a file)")
    .option("--format <format>", "json, markdown or html", "json")
    .option("-o, --output <file>", "write to this file (mode 0600) instead of stdout")
    .option("--redact", "replace secrets, the home and working directory paths, for sharing")
    .action(
      guarded(async (id: string, _o: Options, cmd: Command) =>
        (await import("./export-command.js")).exportAnyCommand(id, globals(cmd)),
      ),
    );

  sessions
    .command("import [path]")
    .description("add a session file, or transcripts of other agents (a file or a folder)")
    .option("--from <agent>", "auto, agenix, claude-code, codex, pi, gemini or agenix-py", "auto")
    .action(
      guarded(async (file: string | undefined, _o: Options, cmd: Command) =>
        (await import("./import-command.js")).importAnyCommand(file, globals(cmd)),
      ),
    );

  sessions
    .command("delete <ids...>")
    .description("delete sessions (asks for confirmation on a terminal)")
    .option("-y, --yes", "do not ask")
    .action(
      guarded(async (ids: string[], _o: Options, cmd: Command) =>
        (await import("./delete-commands.js")).deleteCommand(ids, globals(cmd)),
      ),
    );

  sessions
    .command("migrate")
    .description("copy every session to another store (files, files:<folder>, or a postgres:// URL)")
    .requiredOption("--to <store>", "the store to copy to")
    .option("--from <store>", "the store to copy from (default: AGENIX_SESSION_STORE, else files)")
    .action(
      guarded(async (_o: Options, cmd: Command) =>
        (await import("./migrate-command.js")).migrateCommand(globals(cmd)),
      ),
    );

  sessions
    .command("prune")
    .description("delete sessions not updated for a while")
    .requiredOption("--older-than <age>", "age such as 30d, 12h, 45m or 2w (by updated_at)")
    .option("--dry-run", "only list what would be deleted")
    .option("--all", "prune every working directory's sessions")
    .action(
      guarded(async (_o: Options, cmd: Command) =>
        (await import("./delete-commands.js")).pruneCommand(globals(cmd)),
      ),
    );

  sessions
    .command("compact <id>")
    .description("summarize the session's older messages now (the file keeps every message)")
    .option("--instructions <text>", "what the summary should focus on")
    .action(
      guarded(async (id: string, _o: Options, cmd: Command) =>
        (await import("./compact-command.js")).compactCommand(id, globals(cmd)),
      ),
    );

  sessions
    .command("unlock <id>")
    .description("remove a session's lock left by an agenix that is gone (refuses while it runs here)")
    .action(
      guarded(async (id: string, _o: Options, cmd: Command) =>
        (await import("./edit-commands.js")).unlockCommand(id, globals(cmd)),
      ),
    );

  sessions
    .command("repair <id>")
    .description("salvage every complete message of a damaged session file (keeps a backup)")
    .action(
      guarded(async (id: string, _o: Options, cmd: Command) =>
        (await import("./edit-commands.js")).repairCommand(id, globals(cmd)),
      ),
    );

  registerHistoryCommands(sessions);
}

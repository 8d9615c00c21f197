// `agenix hooks ...`: definitions only; the implementation is imported when the command runs.
import type { Command } from "commander";
import { guarded } from "../run-guarded.js";

export function registerHooksCommands(hooks: Command): void {
  hooks
    .command("list")
    .description("every configured hook: event, matcher, command and source file")
    .option("--json", "as JSON")
    .action(
      guarded(async (_opts: Record<string, unknown>, cmd: Command) =>
        (await import("./list-command.js")).hooksListCommand(cmd.optsWithGlobals()),
      ),
    );
  hooks
    .command("import")
    .description(
      "copy hooks from another agent's settings: --from claude-code copies ~/.claude/settings.json to the " +
        "user settings, .claude/settings.json and .claude/settings.local.json to the project and local settings",
    )
    .requiredOption("--from <agent>", "where from: claude-code")
    .action(
      guarded(async (_opts: Record<string, unknown>, cmd: Command) =>
        (await import("./import-command.js")).hooksImportCommand(cmd.optsWithGlobals()),
      ),
    );
}

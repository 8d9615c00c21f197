// `agenix sandbox doctor` and `agenix sandbox -- <command>`: definitions only; the implementation is
// imported when the command runs.
import type { Command } from "commander";
import { guarded } from "../run-guarded.js";

export function registerSandboxCommands(sandbox: Command): void {
  sandbox
    .argument("[command...]", "after --: the command to run in the sandbox")
    .action(
      guarded(async (words: string[], _opts: Record<string, unknown>, cmd: Command) =>
        (await import("./commands.js")).sandboxRunCommand(words, cmd.optsWithGlobals()),
      ),
    );
  sandbox
    .command("doctor")
    .description("check that the command sandbox works here, and say how to fix what is missing")
    .action(
      guarded(async (_opts: Record<string, unknown>, cmd: Command) =>
        (await import("./commands.js")).sandboxDoctorCommand(cmd.optsWithGlobals()),
      ),
    );
}

// `agenix sessions fork <id> [--at N] [--name NAME]`: prints the new session's id.
import { UsageError } from "../../errors.js";
import { forkSession } from "../../history/fork.js";
import { writeErr, writeOut } from "../output.js";
import { type CommandOptions, managerFor, workingDirOf } from "./context.js";

export async function forkCommand(id: string, options: CommandOptions): Promise<number> {
  let at: number | undefined;
  if (options.at !== undefined) {
    at = Number(options.at);
    if (!/^\d+$/.test(String(options.at))) {
      throw new UsageError(
        `Invalid --at: ${JSON.stringify(options.at)}. Use a number of messages (0 or more).`,
      );
    }
  }
  const forked = await forkSession(await managerFor(), id, {
    at,
    name: typeof options.name === "string" ? options.name : undefined,
    workingDir: workingDirOf(options),
  });
  writeOut(`${forked.id}\n`);
  const kept = forked.messages.length;
  writeErr(
    `Forked ${id} at message ${kept} (${kept} message${kept === 1 ? "" : "s"} kept). Continue it with: agenix --session ${forked.id}\n`,
  );
  return 0;
}

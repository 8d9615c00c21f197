// `agenix sessions compact <id> [--instructions ...]`: summarize a saved session's older messages now,
// with the session's model (or --model), exactly as `/compact` does in interactive mode.
import { openAgentSession } from "../../agent/open-session.js";
import { type CliFlags, resolveSettings } from "../../config.js";
import { compactionLine, compactionStartLine } from "../compaction-text.js";
import { writeErr, writeOut } from "../output.js";
import { type CommandOptions, managerFor } from "./context.js";

export async function compactCommand(id: string, options: CommandOptions): Promise<number> {
  const settings = resolveSettings(options as CliFlags, process.env, process.cwd());
  const session = await openAgentSession({
    model: settings.modelFromFlag ? settings.model : undefined,
    defaultModel: settings.model,
    provider: settings.provider,
    apiKey: settings.apiKey,
    baseUrl: settings.baseUrl,
    env: process.env,
    workingDir: settings.workingDir,
    maxTurns: settings.maxTurns,
    sessionId: id,
    manager: await managerFor(),
    save: true,
    createNow: false,
    onNotice: (notice) => writeErr(`${notice.text}\n`),
  });
  try {
    const instructions = typeof options.instructions === "string" ? options.instructions : undefined;
    let contextWindow = 0;
    const record = await session.compact({
      instructions,
      onEvent: (event) => {
        if (event.type === "compaction_start") {
          contextWindow = event.contextWindow;
          writeErr(
            `${compactionStartLine(event.trigger, event.reason, event.tokensBefore, event.contextWindow)}\n`,
          );
        } else if (event.type === "compaction_end") contextWindow = event.contextWindow;
        else if (event.type === "notice") writeErr(`${event.text}\n`);
      },
    });
    writeOut(`${compactionLine(record, contextWindow)}\n`);
    return 0;
  } finally {
    await session.close();
  }
}

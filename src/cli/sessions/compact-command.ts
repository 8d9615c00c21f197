// `agenix sessions compact <id> [--instructions ...]`: summarize a saved session's older messages now,
// with the session's model (or --model), exactly as `/compact` does in interactive mode: the same
// settings files, flags and extension compaction hooks, through the same buildAgentSession().
import { buildAgentSession } from "../../run/build-session.js";
import { customizationRuntime, loadRunCustomization } from "../../run/customization.js";
import { openSessionStore } from "../../sessions/open-store.js";
import { homeDir } from "../../settings/paths.js";
import { builtinTools } from "../../tools/registry.js";
import {
  type CliFlags,
  loadCliSettings,
  writeSettingsWarnings,
  writeUntrustedNotice,
} from "../cli-settings.js";
import { compactionLine, compactionStartLine } from "../compaction-text.js";
import { writeErr, writeOut } from "../output.js";
import type { CommandOptions } from "./context.js";

export async function compactCommand(id: string, options: CommandOptions): Promise<number> {
  const flags = options as CliFlags;
  const settings = await loadCliSettings(
    { ...flags, session: id, continue: false },
    process.env,
    process.cwd(),
  );
  writeSettingsWarnings(settings, process.stderr);
  writeUntrustedNotice(settings, process.stderr);
  const custom = await loadRunCustomization({
    config: settings,
    home: homeDir({ home: process.env.HOME }),
    flagExtensions: flags.extension,
    reservedToolNames: builtinTools().map((t) => t.name),
  });
  custom.extensions.setNoticeSink((_level, text) => writeErr(`${text}\n`));
  try {
    const session = await buildAgentSession(settings, {
      store: await openSessionStore({ store: settings.sessionStore }),
      customization: customizationRuntime(custom),
      onNotice: (notice) => writeErr(`${notice.text}\n`),
    });
    try {
      return await compactNow(session, options);
    } finally {
      await session.close();
    }
  } finally {
    await custom.close();
  }
}

async function compactNow(
  session: Awaited<ReturnType<typeof buildAgentSession>>,
  options: CommandOptions,
): Promise<number> {
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
}

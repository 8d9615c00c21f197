// `/config`: each effective setting, its value and where it came from (files, environment, flags).
import type { Settings } from "../cli-settings.js";
import { formatEffectiveSettings } from "../config/format.js";
import type { CommandResult } from "./commands.js";
import type { ChatSession } from "./types.js";

export function configCommand(config: Settings, session: ChatSession): CommandResult {
  if (!config.loaded) return { output: "Settings were not loaded.", tone: "error" };
  const text = formatEffectiveSettings(config.loaded, {
    settings: config,
    sessionModel: session.getData().model,
  });
  return { output: `${text}\nEdit with: agenix config set <key> <value> [--user|--project|--local]` };
}

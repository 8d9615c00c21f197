// Context files, skills, commands, extensions and MCP servers for one print-mode run.
import type { Customization } from "../../customize.js";
import { loadRunCustomization } from "../../run/customization.js";
import type { SandboxSetup } from "../../sandbox/startup.js";
import { homeDir } from "../../settings/paths.js";
import { builtinTools } from "../../tools/registry.js";
import type { Settings } from "../cli-settings.js";
import { writeErr } from "../output.js";

export async function printCustomization(
  settings: Settings,
  flags: Record<string, unknown>,
  sandbox?: SandboxSetup,
): Promise<Customization> {
  const custom = await loadRunCustomization({
    config: settings,
    home: homeDir({ home: process.env.HOME }),
    flagExtensions: flags.extension as string[] | undefined,
    reservedToolNames: builtinTools().map((t) => t.name),
    sandbox,
  });
  for (const notice of custom.startupNotices) writeErr(`${notice.text}\n`);
  return custom;
}

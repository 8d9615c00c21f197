// Context files, skills, commands, extensions and MCP servers for one print-mode run.
import type { Settings } from "../../config.js";
import type { Customization } from "../../customize.js";
import type { SandboxSetup } from "../../sandbox/startup.js";
import { loadSettings } from "../../settings/load.js";
import { homeDir } from "../../settings/paths.js";
import { builtinTools } from "../../tools/registry.js";
import { loadCliCustomization } from "../customization.js";
import { writeErr } from "../output.js";

export async function printCustomization(
  settings: Settings,
  flags: Record<string, unknown>,
  sandbox?: SandboxSetup,
): Promise<Customization> {
  const loaded =
    settings.loaded ??
    (await loadSettings({ cwd: settings.workingDir, env: process.env, trust: flags.trust === true }));
  const custom = await loadCliCustomization({
    loaded,
    workingDir: settings.workingDir,
    home: homeDir({ home: process.env.HOME }),
    flags: {
      contextFiles: flags.contextFiles as boolean | undefined,
      extension: flags.extension as string[] | undefined,
    },
    model: settings.model,
    reservedToolNames: builtinTools().map((t) => t.name),
    sandbox,
  });
  for (const notice of custom.startupNotices) writeErr(`${notice.text}\n`);
  return custom;
}

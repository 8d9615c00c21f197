// What every front end tells the sandbox about a run (print, interactive, ACP, the SDK, `agenix
// sandbox`, `agenix mcp list`): the settings, the folder, and agenix's own folders it must hide.
import { homedir } from "node:os";
import { checkpointsRoot } from "../checkpoints/shadow-repo.js";
import type { SandboxInput } from "../sandbox/config.js";
import { defaultSessionRoot } from "../sessions/paths.js";
import type { LoadedSettings } from "../settings/load.js";

export function sandboxInput(options: {
  loaded?: LoadedSettings;
  env: Record<string, string | undefined>;
  workingDir: string;
  /** --sandbox, or the SDK's sandbox option. */
  flag?: string;
}): SandboxInput {
  const { loaded, env, workingDir, flag } = options;
  const home = env.HOME || homedir();
  return {
    flag,
    env,
    settings: loaded?.values.sandbox,
    settingsModeSource: loaded?.sources["sandbox.mode"]?.where,
    workingDir,
    home,
    sessionsDir: defaultSessionRoot(env as NodeJS.ProcessEnv),
    checkpointsDir: checkpointsRoot(env as NodeJS.ProcessEnv, home),
  };
}

// Command hooks for a run: built from the loaded settings (trusted layers only), or none at all.
import type { LoadedSettings } from "../../settings/load.js";
import { CommandHooks } from "./command-hooks.js";
import { collectHooks } from "./config.js";

export { CommandHooks } from "./command-hooks.js";
export { collectHooks, HOOK_EVENTS } from "./config.js";

/** The run's command hooks; undefined when no settings were read or none can run. */
export function commandHooksFrom(loaded: LoadedSettings | undefined): CommandHooks | undefined {
  if (!loaded) return undefined;
  const set = collectHooks(loaded.layers);
  if (set.runnable.length === 0) return undefined;
  return new CommandHooks(set, { projectDir: loaded.projectRoot });
}

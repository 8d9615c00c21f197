// Command hooks for a run: built from the loaded settings (trusted layers only), or none at all.
import type { LoadedSettings } from "../../settings/load.js";
import { CommandHooks } from "./command-hooks.js";
import { collectHooks } from "./config.js";

export { CommandHooks } from "./command-hooks.js";
export { collectHooks, HOOK_EVENTS } from "./config.js";

/**
 * The run's command hooks; undefined when no settings were read or none can run. Hooks that are
 * broken (a bad matcher, no command) are told to `warn`; unsupported ones (imported from Claude Code)
 * and untrusted ones are not, as `agenix hooks list` and the untrusted-project line cover them.
 */
export function commandHooksFrom(
  loaded: LoadedSettings | undefined,
  warn: (text: string) => void = () => {},
): CommandHooks | undefined {
  if (!loaded) return undefined;
  const set = collectHooks(loaded.layers);
  for (const hook of set.skipped) {
    if (hook.reason.startsWith("its matcher") || hook.reason === "it has no command")
      warn(`Warning: a ${hook.event} hook in ${hook.file} is not run: ${hook.reason}.`);
  }
  if (set.runnable.length === 0) return undefined;
  return new CommandHooks(set, { projectDir: loaded.projectRoot });
}

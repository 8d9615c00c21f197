// The hooks of a run, gathered from the settings layers in Claude Code's shape: user hooks always,
// project and local hooks only in a trusted folder. Each keeps where it came from (for
// `agenix hooks list`); hooks agenix cannot run (another type, an event it does not have, a bad
// matcher) are kept aside with the reason, so nothing is dropped silently.
import type { SettingsLayer } from "../../settings/load.js";
import type { HooksSettings } from "../../settings/schema.js";
import { compileMatcher, type Matcher } from "./matcher.js";

export const HOOK_EVENTS = [
  "PreToolUse",
  "PostToolUse",
  "UserPromptSubmit",
  "Stop",
  "SessionStart",
  "SessionEnd",
  "PreCompact",
  "Notification",
] as const;
export type HookEventName = (typeof HOOK_EVENTS)[number];

/** Claude Code's default: 60 seconds per command. */
export const DEFAULT_HOOK_TIMEOUT_S = 60;

export interface ConfiguredHook {
  event: string;
  matcher: string;
  command: string;
  /** Seconds. */
  timeout: number;
  scope: SettingsLayer["scope"];
  file: string;
}

export interface RunnableHook extends ConfiguredHook {
  event: HookEventName;
  matches: Matcher;
}

export interface HookSet {
  runnable: RunnableHook[];
  /** Configured but not run: the reason says why (untrusted project, unsupported type or event...). */
  skipped: (ConfiguredHook & { reason: string })[];
}

function isEvent(name: string): name is HookEventName {
  return (HOOK_EVENTS as readonly string[]).includes(name);
}

/** Every hook of one settings file's `hooks` block, in order. */
export function hooksOf(
  hooks: HooksSettings | undefined,
  where: { scope: SettingsLayer["scope"]; file: string },
): (ConfiguredHook & { type: string })[] {
  const out: (ConfiguredHook & { type: string })[] = [];
  for (const [event, groups] of Object.entries(hooks ?? {})) {
    for (const group of groups) {
      for (const hook of group.hooks) {
        out.push({
          event,
          matcher: group.matcher ?? "",
          command: hook.command ?? "",
          type: hook.type,
          timeout: hook.timeout ?? DEFAULT_HOOK_TIMEOUT_S,
          ...where,
        });
      }
    }
  }
  return out;
}

/** The hooks to run for these layers (lowest priority first, as loadSettings returns them). */
export function collectHooks(layers: readonly SettingsLayer[]): HookSet {
  const set: HookSet = { runnable: [], skipped: [] };
  for (const layer of layers) {
    for (const hook of hooksOf(layer.data.hooks, { scope: layer.scope, file: layer.path })) {
      const { type, ...configured } = hook;
      const skip = (reason: string) => set.skipped.push({ ...configured, reason });
      if (!layer.trusted) skip("the project is not trusted (run with --trust)");
      else if (type !== "command") skip(`"${type}" hooks are not supported (only "command")`);
      else if (configured.command.trim() === "") skip("it has no command");
      else if (!isEvent(configured.event)) skip(`agenix has no ${configured.event} event`);
      else {
        try {
          set.runnable.push({
            ...configured,
            event: configured.event,
            matches: compileMatcher(hook.matcher),
          });
        } catch (error) {
          skip(`its matcher is not a valid regular expression (${(error as Error).message})`);
        }
      }
    }
  }
  return set;
}

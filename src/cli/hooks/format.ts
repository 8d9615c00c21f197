// The hooks listing shared by `agenix hooks list` and `/hooks`: every configured hook with its event,
// matcher, command and source file; hooks that do not run say why (untrusted project, unsupported).
import type { ConfiguredHook, HookSet } from "../../extensions/hooks/config.js";
import { sanitizeForTerminal } from "../sanitize.js";

function line(hook: ConfiguredHook): string {
  const matcher = hook.matcher === "" ? "*" : hook.matcher;
  const timeout = hook.timeout === 60 ? "" : `  (timeout ${hook.timeout} s)`;
  return `  ${hook.event}  [${matcher}]  ${hook.command}${timeout}\n      ${hook.scope}: ${hook.file}`;
}

export function formatHooksList(set: HookSet): string {
  const lines: string[] = [];
  if (set.runnable.length === 0 && set.skipped.length === 0) {
    lines.push(
      "No hooks configured. Add a `hooks` block to ~/.agenix/settings.json or .agenix/settings.json " +
        "(Claude Code's format), or copy Claude Code's: agenix hooks import --from claude-code",
    );
  }
  if (set.runnable.length > 0) {
    lines.push("Hooks (event  [matcher]  command, then where it is configured):");
    for (const hook of set.runnable) lines.push(line(hook));
  }
  if (set.skipped.length > 0) {
    lines.push("Not run:");
    for (const hook of set.skipped) lines.push(`${line(hook)}\n      ignored: ${hook.reason}`);
  }
  return sanitizeForTerminal(lines.join("\n"));
}

/** `agenix hooks list --json`: the same, as data. */
export function hooksJson(set: HookSet): unknown {
  const entry = (h: ConfiguredHook) => ({
    event: h.event,
    matcher: h.matcher,
    command: h.command,
    timeout: h.timeout,
    scope: h.scope,
    file: h.file,
  });
  return {
    hooks: set.runnable.map(entry),
    ignored: set.skipped.map((h) => ({ ...entry(h), reason: h.reason })),
  };
}

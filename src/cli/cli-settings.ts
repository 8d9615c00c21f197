// The CLI's settings: the files (trust-gated) merged under the flags, their warnings on stderr, and
// the trusted-folder decision (--trust, a question in interactive mode, one line in print mode).

import path from "node:path";
import { type CliFlags, type Env, resolveSettings, type Settings } from "../config.js";
import { resolveDir } from "../sessions/paths.js";
import { untrustedNotice } from "../settings/gating.js";
import { type LoadedSettings, loadSettings } from "../settings/load.js";
import { isDeclined, trustProject } from "../settings/trust.js";
import { sanitizeForTerminal } from "./sanitize.js";

export async function loadCliSettings(flags: CliFlags, env: Env, cwd: string): Promise<Settings> {
  const workingDir = resolveDir(flags.workingDir, cwd, env);
  const loaded = await loadSettings({ cwd: workingDir, env, trust: flags.trust === true });
  // --trust is the print-mode way to answer "trust this folder?": remembered like a "yes".
  if (flags.trust === true) await trustProject(loaded.projectRoot, { home: env.HOME });
  return withLoaded(flags, env, cwd, loaded);
}

function withLoaded(flags: CliFlags, env: Env, cwd: string, loaded: LoadedSettings): Settings {
  return { ...resolveSettings(flags, env, cwd, loaded.values), loaded };
}

export function writeSettingsWarnings(settings: Settings, stderr: NodeJS.WritableStream): void {
  for (const warning of settings.loaded?.warnings ?? []) stderr.write(`Warning: ${warning}\n`);
}

/** Print mode and the SDK never ask: an untrusted project's widening settings are left out, said once. */
export function writeUntrustedNotice(settings: Settings, stderr: NodeJS.WritableStream): void {
  const loaded = settings.loaded;
  if (loaded && !loaded.trusted && loaded.ignored.length > 0) {
    stderr.write(`${untrustedNotice(loaded.projectRoot, loaded.ignored)}\n`);
  }
}

/** Exactly what trusting would apply: one line per file and key, with the value the file sets. */
export function trustedSettingsText(loaded: LoadedSettings): string {
  return loaded.ignored
    .map((i) => {
      if (i.key.endsWith("/"))
        return sanitizeForTerminal(`  ${i.key} (code: ${(i.value as string[]).join(", ")})`);
      const where = path.relative(loaded.projectRoot, i.file) || i.file;
      const value = i.value === undefined ? "" : ` = ${JSON.stringify(i.value)}`;
      return sanitizeForTerminal(`  ${where}: ${i.key}${value}`);
    })
    .join("\n");
}

/**
 * Interactive mode: an untrusted project with widening settings is asked about once (the answer is
 * remembered in ~/.agenix/trusted.json). Returns the settings to use (reloaded when trusted), or
 * undefined when the user pressed Ctrl-C at the question (nothing is remembered; agenix exits).
 */
export async function settleTrustInteractively(
  flags: CliFlags,
  env: Env,
  cwd: string,
  settings: Settings,
  ask: (question: string) => Promise<boolean | undefined>,
  stderr: NodeJS.WritableStream,
): Promise<Settings | undefined> {
  const loaded = settings.loaded;
  if (!loaded || loaded.trusted || loaded.ignored.length === 0) return settings;
  const home = { home: env.HOME };
  if (!(await isDeclined(loaded.projectRoot, home))) {
    const yes = await ask(
      `This project (${loaded.projectRoot}) has settings that can run code or widen permissions:\n` +
        `${trustedSettingsText(loaded)}\n` +
        "Trust this folder and apply these settings? Only say yes if you trust its contents. [y/N] ",
    );
    if (yes === undefined) return undefined;
    if (yes) {
      await trustProject(loaded.projectRoot, home);
      return withLoaded(flags, env, cwd, await loadSettings({ cwd: settings.workingDir, env }));
    }
    await trustProject(loaded.projectRoot, home, { declined: true });
  }
  writeUntrustedNotice(settings, stderr);
  return settings;
}

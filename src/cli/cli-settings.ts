// The CLI's settings: the files (trust-gated) merged under the flags by resolveRunConfig (the same
// table as the SDK's), their warnings on stderr, the CLI's own output flags, and the trusted-folder
// decision (--trust, a question in interactive mode, one line in print mode).
import path from "node:path";
import { UsageError } from "../errors.js";
import { type RunConfig, resolveRunConfig } from "../run/config.js";
import type { RunOptions } from "../run/options.js";
import { resolveDir } from "../sessions/paths.js";
import type { Env } from "../settings/choices.js";
import { untrustedNotice } from "../settings/gating.js";
import { type LoadedSettings, loadSettings } from "../settings/load.js";
import { isDeclined, trustProject } from "../settings/trust.js";
import { writeErrWrapped } from "./output.js";
import { sanitizeForTerminal } from "./sanitize.js";

/** The flags as commander parses them (all optional strings/booleans). */
export interface CliFlags {
  model?: string;
  provider?: string;
  apiKey?: string;
  baseUrl?: string;
  workingDir?: string;
  systemPrompt?: string;
  appendSystemPrompt?: string;
  session?: string;
  continue?: boolean;
  resume?: boolean;
  maxTurns?: string | number;
  name?: string;
  tag?: string[];
  json?: boolean;
  reasoningEffort?: string;
  permissionMode?: string;
  yolo?: boolean;
  allow?: string[];
  deny?: string[];
  ask?: string[];
  strictPermissions?: boolean;
  /** --sandbox <mode> (checked with the settings by src/sandbox/config.ts). */
  sandbox?: string;
  trust?: boolean;
  print?: boolean;
  outputFormat?: string;
  inputFormat?: string;
  /** false: --no-context-files (commander sets true otherwise). */
  contextFiles?: boolean;
  extension?: string[];
}

export type OutputFormat = "text" | "json" | "stream-json";
export type InputFormat = "text" | "stream-json";

/** A CLI run: the run's configuration plus what only the CLI has (output, picker, strictness). */
export interface Settings extends RunConfig {
  /** --output-format json (or its alias --json). */
  json: boolean;
  outputFormat: OutputFormat;
  inputFormat: InputFormat;
  /** -p/--print: never interactive, even on a terminal. */
  print: boolean;
  /** -r/--resume: open the session picker. */
  resume: boolean;
  /** --trust: trust the project (its settings may widen permissions, run extensions and MCP servers). */
  trust: boolean;
  strictPermissions: boolean;
  /** --sandbox as given (checked with the settings by src/sandbox/config.ts). */
  sandboxFlag?: string;
  name?: string;
  tags: string[];
}

/** The output format from --output-format, or json for the --json alias; text by default. */
export function parseOutputFormat(flags: Pick<CliFlags, "outputFormat" | "json">): OutputFormat {
  const value = flags.outputFormat ?? (flags.json ? "json" : "text");
  if (value === "text" || value === "json" || value === "stream-json") {
    if (flags.json && value !== "json")
      throw new UsageError(
        `--json conflicts with --output-format ${value} (--json means --output-format json)`,
      );
    return value;
  }
  throw new UsageError(`Unknown --output-format: ${value} (expected text, json or stream-json)`);
}

function parseInputFormat(value: string | undefined): InputFormat {
  if (value === undefined || value === "text" || value === "stream-json") return value ?? "text";
  throw new UsageError(`Unknown --input-format: ${value} (expected text or stream-json)`);
}

/** The flags as run options (commander's names are the table's keys; a few differ). */
export function runOptionsOf(flags: CliFlags): RunOptions {
  return {
    ...flags,
    contextFiles: flags.contextFiles === false ? false : undefined,
    extensions: flags.extension,
  };
}

/** CLI settings: flags over the loaded files and environment, by the run options table. */
export function resolveCliSettings(flags: CliFlags, env: Env, cwd: string, loaded: LoadedSettings): Settings {
  const outputFormat = parseOutputFormat(flags);
  const config = resolveRunConfig({
    front: "cli",
    options: runOptionsOf(flags),
    env,
    loaded,
    workingDir: resolveDir(flags.workingDir, cwd, env),
    sessionId: flags.session,
    continueLatest: flags.continue === true,
  });
  return {
    ...config,
    json: outputFormat === "json",
    outputFormat,
    inputFormat: parseInputFormat(flags.inputFormat),
    print: flags.print === true,
    resume: flags.resume === true,
    trust: flags.trust === true,
    strictPermissions: flags.strictPermissions === true,
    sandboxFlag: flags.sandbox,
    name: flags.name,
    tags: flags.tag ?? [],
  };
}

export async function loadCliSettings(flags: CliFlags, env: Env, cwd: string): Promise<Settings> {
  const workingDir = resolveDir(flags.workingDir, cwd, env);
  const loaded = await loadSettings({ cwd: workingDir, env, trust: flags.trust === true });
  // --trust is the print-mode way to answer "trust this folder?": remembered like a "yes".
  if (flags.trust === true) await trustProject(loaded.projectRoot, { home: env.HOME });
  return withLoaded(flags, env, cwd, loaded);
}

function withLoaded(flags: CliFlags, env: Env, cwd: string, loaded: LoadedSettings): Settings {
  return resolveCliSettings(flags, env, cwd, loaded);
}

export function writeSettingsWarnings(settings: Settings, stderr: NodeJS.WritableStream): void {
  for (const warning of settings.loaded.warnings ?? [])
    if (stderr === process.stderr) writeErrWrapped(`Warning: ${warning}\n`);
    else stderr.write(`Warning: ${warning}\n`);
}

/** Print mode and the SDK never ask: an untrusted project's widening settings are left out, said once. */
export function writeUntrustedNotice(settings: Settings, stderr: NodeJS.WritableStream): void {
  const loaded = settings.loaded;
  if (!loaded.trusted && loaded.ignored.length > 0) {
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
  if (loaded.trusted || loaded.ignored.length === 0) return settings;
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

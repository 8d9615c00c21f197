// `agenix config list|get|set|unset [--user|--project|--local]`.

import { UsageError } from "../../errors.js";
import { resolveDir } from "../../sessions/paths.js";
import { type LoadedSettings, loadSettings } from "../../settings/load.js";
import { getPath } from "../../settings/merge.js";
import { type SettingsScope, settingsPath } from "../../settings/paths.js";
import { readSettingsFile } from "../../settings/read-file.js";
import { SETTINGS_KEYS, type SettingsKey } from "../../settings/schema.js";
import { isTrusted, trustProject, untrustProject } from "../../settings/trust.js";
import { updateSettingsFile } from "../../settings/update.js";
import { closestKey, refuseSecrets, validateSettings } from "../../settings/validate.js";
import { writeErr, writeOut } from "../output.js";
import { formatEffectiveSettings } from "./format.js";

type Options = Record<string, unknown>;

function location(options: Options) {
  const cwd = resolveDir(options.workingDir as string | undefined, process.cwd(), process.env);
  return { cwd, home: process.env.HOME };
}

/** The scope flag given, if any; two at once is a usage error. */
export function scopeOf(options: Options): SettingsScope | undefined {
  const given = (["user", "project", "local"] as const).filter((s) => options[s] === true);
  if (given.length > 1)
    throw new UsageError(
      `Pick one of --user, --project, --local (got ${given.map((g) => `--${g}`).join(" ")})`,
    );
  return given[0];
}

function load(options: Options): Promise<LoadedSettings> {
  return loadSettings({ cwd: location(options).cwd, env: process.env });
}

function checkKey(key: string): string[] {
  const parts = key.split(".");
  if (!key || parts.some((p) => p === "") || !SETTINGS_KEYS.includes(parts[0] as SettingsKey)) {
    const hint = parts[0] ? closestKey(parts[0]) : undefined;
    const meant = hint ? `did you mean "${[hint, ...parts.slice(1)].join(".")}"? ` : "";
    throw new UsageError(
      `Unknown settings key: ${JSON.stringify(key)} (${meant}known: ${SETTINGS_KEYS.join(", ")})`,
    );
  }
  return parts;
}

function print(value: unknown): void {
  writeOut(`${typeof value === "string" ? value : JSON.stringify(value, null, 2)}\n`);
}

export async function listCommand(options: Options): Promise<number> {
  const scope = scopeOf(options);
  if (scope) {
    const file = settingsPath(scope, location(options));
    const read = await readSettingsFile(file);
    if (options.json) print(read?.data ?? {});
    else writeOut(`${file}${read ? "" : " (no file)"}\n${JSON.stringify(read?.data ?? {}, null, 2)}\n`);
    for (const warning of read?.warnings ?? []) writeErr(`Warning: ${warning}\n`);
    return 0;
  }
  const loaded = await load(options);
  if (options.json) {
    print({
      values: loaded.values,
      sources: loaded.sources,
      projectRoot: loaded.projectRoot,
      trusted: loaded.trusted,
      ignored: loaded.ignored,
    });
    return 0;
  }
  writeOut(`${formatEffectiveSettings(loaded)}\n`);
  return 0;
}

export async function getCommand(key: string, options: Options): Promise<number> {
  checkKey(key);
  const scope = scopeOf(options);
  let value: unknown;
  let where: string;
  if (scope) {
    where = settingsPath(scope, location(options));
    value = getPath((await readSettingsFile(where))?.data ?? {}, key);
  } else {
    const loaded = await load(options);
    where = "any settings file or the environment";
    value = getPath(loaded.values, key);
    const ignored = loaded.ignored.find(
      (i) => i.key === key || i.key.startsWith(`${key}.`) || key.startsWith(`${i.key}.`),
    );
    if (value === undefined && ignored) {
      writeErr(
        `${key} is set in ${ignored.file} but ignored until you trust ${loaded.projectRoot} (agenix config trust, or --trust)\n`,
      );
      return 1;
    }
  }
  if (value === undefined) {
    writeErr(`${key} is not set (in ${where})\n`);
    return 1;
  }
  print(value);
  return 0;
}

/** `set` values: JSON when they parse (20, true, ["a"], {"k": 1}), else the text itself. */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function setAt(data: Record<string, unknown>, parts: string[], value: unknown): void {
  let node = data;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== "object" || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
}

/** Deletes the key and any object it leaves empty. Returns whether it was there. */
function unsetAt(data: Record<string, unknown>, parts: string[]): boolean {
  const [head, ...rest] = parts as [string, ...string[]];
  if (!Object.hasOwn(data, head)) return false;
  if (rest.length === 0) {
    delete data[head];
    return true;
  }
  const child = data[head];
  if (typeof child !== "object" || child === null || Array.isArray(child)) return false;
  const removed = unsetAt(child as Record<string, unknown>, rest);
  if (removed && Object.keys(child).length === 0) delete data[head];
  return removed;
}

/**
 * The value to store: the JSON reading of `text` when the key accepts it, else the text as a string
 * when that is valid (`config set model 1234`). Unknown nested keys are refused before any write.
 */
function valueFor(key: string, parts: string[], text: string, file: string): unknown {
  const candidates = [parseValue(text), text];
  let firstError: unknown;
  for (const value of candidates) {
    const probe: Record<string, unknown> = {};
    setAt(probe, parts, value);
    try {
      const { warnings } = validateSettings(probe, file);
      if (warnings.length > 0) throw new UsageError(`Unknown settings key: ${key} (see docs/settings.md)`);
      return value;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      firstError ??= error;
    }
  }
  throw firstError;
}

export async function setCommand(key: string, text: string, options: Options): Promise<number> {
  const scope = scopeOf(options) ?? "user";
  const probe: Record<string, unknown> = {};
  setAt(probe, key.split("."), text);
  refuseSecrets(probe, settingsPath(scope, location(options)));
  const parts = checkKey(key);
  const value = valueFor(key, parts, text, settingsPath(scope, location(options)));
  const result = await updateSettingsFile(scope, location(options), (data) => setAt(data, parts, value));
  for (const warning of result.warnings) writeErr(`Warning: ${warning}\n`);
  writeOut(`Set ${key} = ${JSON.stringify(value)} in ${result.path}\n`);
  return 0;
}

export async function unsetCommand(key: string, options: Options): Promise<number> {
  const parts = checkKey(key);
  const scope = scopeOf(options) ?? "user";
  const file = settingsPath(scope, location(options));
  if (getPath((await readSettingsFile(file))?.data ?? {}, key) === undefined) {
    writeErr(`${key} is not set in ${file}\n`);
    return 0;
  }
  await updateSettingsFile(scope, location(options), (data) => unsetAt(data, parts));
  writeOut(`Removed ${key} from ${file}\n`);
  return 0;
}

export async function trustCommand(options: Options): Promise<number> {
  const loaded = await load(options);
  const home = { home: process.env.HOME };
  if (options.remove) {
    await untrustProject(loaded.projectRoot, home);
    writeOut(`No longer trusted: ${loaded.projectRoot}\n`);
  } else {
    const already = await isTrusted(loaded.projectRoot, home);
    await trustProject(loaded.projectRoot, home);
    writeOut(`${already ? "Already trusted" : "Trusted"}: ${loaded.projectRoot}\n`);
  }
  return 0;
}

// One row of the run options table (options.ts): where an option can be given, its default, its one
// parser and its priority order. `row()` keeps a row's value type (and whether it has a default) for
// RunValues.

/**
 * How the layers rank, lowest first:
 * - `layers`: defaults < environment < user file < project file < local file < flags / SDK options.
 * - `env-wins`: defaults < files < flags / SDK options < environment (a variable overrides everything).
 * - `add-up`: lists from every file and from the flags / SDK options are concatenated.
 * - `env-only`: the environment, else the default.
 */
export type RunOptionOrder = "layers" | "env-wins" | "add-up" | "env-only";

export type Front = "cli" | "sdk";

export interface RunOptionRow<T> {
  /** The CLI flag (its value arrives as `options[key]`); undefined: no flag. */
  flag?: string;
  /** The SDK option of createSession() (the same key); undefined: none. */
  sdk?: string;
  /** Dotted key in the settings files; undefined: files cannot set it. */
  setting?: string;
  /** The environment variable; a layer (settings/env-layer.ts) unless the order says otherwise. */
  env?: string;
  order: RunOptionOrder;
  /** The value when no layer gives one, per front end. */
  defaults?: { cli: T; sdk: T };
  /** The one parser for a value from any layer; `source` names the flag, option, variable or key. */
  parse(raw: unknown, source: string): T | undefined;
  /** Anything else about the order, as docs/settings.md states it. */
  note?: string;
}

/** A string value, else undefined. */
export const text = (raw: unknown): string | undefined => (typeof raw === "string" ? raw : undefined);

export type Defaulted<T> = RunOptionRow<T> & { defaults: { cli: T; sdk: T } };
export function row<T>(r: Defaulted<T>): Defaulted<T>;
export function row<T>(r: RunOptionRow<T>): RunOptionRow<T>;
export function row<T>(r: RunOptionRow<T>): RunOptionRow<T> {
  return r;
}

// THE table of a run's options: for each one, where it can be given (flag, SDK option, settings key,
// environment variable), its default, its one parser, and its priority order. resolveRunConfig()
// (config.ts) reads nothing else, the table-driven test (test/run/options.test.ts) checks every
// key at every layer, and docs/settings.md states the same orders and exceptions.
//
// The rows live in option-rows/ by group (model, permissions, session, requests and tools); this file
// puts them together in the order docs/settings.md lists them.
//
// Adding a run option: add one row to its group in option-rows/ (and its key to settings/schema.ts
// if files may set it, its flag to cli/main.ts, its field to CreateSessionOptions in sdk-options.ts);
// the resolved value is then `config.<key>` in buildAgentSession() and everywhere a RunConfig goes.
import { MODEL_OPTIONS } from "./option-rows/model.js";
import { PERMISSION_OPTIONS } from "./option-rows/permissions.js";
import { REQUEST_AND_TOOL_OPTIONS } from "./option-rows/requests-and-tools.js";
import type { RunOptionRow } from "./option-rows/row.js";
import { SESSION_OPTIONS } from "./option-rows/session.js";

export type { Front, RunOptionOrder, RunOptionRow } from "./option-rows/row.js";

/** Every row, in the order docs/settings.md lists them. */
export const RUN_OPTIONS = {
  ...MODEL_OPTIONS,
  ...PERMISSION_OPTIONS,
  ...SESSION_OPTIONS,
  ...REQUEST_AND_TOOL_OPTIONS,
} as const;

export type RunOptionKey = keyof typeof RUN_OPTIONS;
type RowValue<R> = R extends RunOptionRow<infer T> ? T : never;
type HasDefault<R> = R extends { defaults: object } ? true : false;

/** Every option resolved: a value, or undefined when no layer gives one and there is no default. */
export type RunValues = {
  [K in RunOptionKey]: HasDefault<(typeof RUN_OPTIONS)[K]> extends true
    ? RowValue<(typeof RUN_OPTIONS)[K]>
    : RowValue<(typeof RUN_OPTIONS)[K]> | undefined;
};

/** What a front end passes: the flags or SDK options as given (each parsed by its row). */
export type RunOptions = { [K in RunOptionKey]?: unknown } & { yolo?: boolean };

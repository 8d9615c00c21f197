// `sessions stats` and `sessions cost`: thin wrappers over the pure analysis functions.
import type { SessionData } from "../../messages/types.js";
import { writeOut } from "../output.js";
import { type CommandOptions, managerFor, printJson, workingDirOf } from "./context.js";

type Analysis = typeof import("../../analysis/stats.js");

/** Loads the session, computes a report, and prints it as JSON (--json) or as its text form. */
async function printReport<R>(
  id: string,
  options: CommandOptions,
  report: (a: Analysis, data: SessionData) => R,
  format: (a: Analysis, report: R) => string,
): Promise<number> {
  const data = await (await managerFor()).loadSession(id, { workingDir: workingDirOf(options) });
  const analysis = await import("../../analysis/stats.js");
  const result = report(analysis, data);
  if (options.json) printJson(result);
  else writeOut(`${format(analysis, result).replace(/\n$/, "")}\n`);
  return 0;
}

export const statsCommand = (id: string, options: CommandOptions) =>
  printReport(
    id,
    options,
    (a, data) => a.sessionStats(data),
    (a, stats) => a.formatStats(stats),
  );

export const costCommand = (id: string, options: CommandOptions) =>
  printReport(
    id,
    options,
    (a, data) => a.estimateCost(data),
    (a, cost) => a.formatCost(cost),
  );

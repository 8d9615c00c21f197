// `sessions stats` and `sessions cost`: thin wrappers over the pure analysis functions. A session's
// subagents (sessions whose metadata.parent names it) are rolled up into it unless --no-children.
import type { SessionData } from "../../messages/types.js";
import { writeOut } from "../output.js";
import { type CommandOptions, managerFor, printJson, subagentSessions, workingDirOf } from "./context.js";

type Analysis = typeof import("../../analysis/stats.js");

/** Loads the session, computes a report, and prints it as JSON (--json) or as its text form. */
async function printReport<R>(
  id: string,
  options: CommandOptions,
  report: (a: Analysis, data: SessionData, children: SessionData[]) => R,
  format: (a: Analysis, report: R) => string,
): Promise<number> {
  const manager = await managerFor();
  const data = await manager.loadSession(id, { workingDir: workingDirOf(options) });
  const children = options.children === false ? [] : await subagentSessions(manager, data);
  const analysis = await import("../../analysis/stats.js");
  const result = report(analysis, data, children);
  if (options.json) printJson(result);
  else writeOut(`${format(analysis, result).replace(/\n$/, "")}\n`);
  return 0;
}

export const statsCommand = (id: string, options: CommandOptions) =>
  printReport(
    id,
    options,
    (a, data, children) => a.sessionStats(data, children),
    (a, stats) => a.formatStats(stats),
  );

export const costCommand = (id: string, options: CommandOptions) =>
  printReport(
    id,
    options,
    (a, data, children) => ({
      ...a.estimateCost(a.withChildren(data, children)),
      ...(children.length > 0 ? { subagent_sessions: children.map((c) => c.id) } : {}),
    }),
    (a, cost) => {
      const ids = ("subagent_sessions" in cost ? cost.subagent_sessions : undefined) ?? [];
      const note =
        ids.length > 0
          ? `\nIncludes ${ids.length} subagent session${ids.length === 1 ? "" : "s"}: ${ids.join(", ")} (--no-children: this session alone)`
          : "";
      return `${a.formatCost(cost).replace(/\n$/, "")}${note}`;
    },
  );

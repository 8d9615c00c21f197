// `sessions stats` and `sessions cost`: thin wrappers over the pure analysis functions.
import { type CommandOptions, managerFor, printJson, workingDirOf } from "./context.js";

export async function statsCommand(id: string, options: CommandOptions): Promise<number> {
  const data = await managerFor().loadSession(id, { workingDir: workingDirOf(options) });
  const { sessionStats, formatStats } = await import("../../sessions/analysis.js");
  const stats = sessionStats(data);
  if (options.json) printJson(stats);
  else process.stdout.write(`${formatStats(stats).replace(/\n$/, "")}\n`);
  return 0;
}

export async function costCommand(id: string, options: CommandOptions): Promise<number> {
  const data = await managerFor().loadSession(id, { workingDir: workingDirOf(options) });
  const { estimateCost, formatCost } = await import("../../sessions/analysis.js");
  const report = estimateCost(data);
  if (options.json) printJson(report);
  else process.stdout.write(`${formatCost(report).replace(/\n$/, "")}\n`);
  return 0;
}

// `agenix sessions report [--since 30d] [--all] [--by day|model|project] [--json] [--html FILE]`.
import { chmod, open } from "node:fs/promises";
import { UsageError } from "../../errors.js";
import { buildReport, type GroupBy } from "../../history/report/aggregate.js";
import { formatReport } from "../../history/report/format-text.js";
import { writeErr, writeOutColored } from "../output.js";
import { sanitizeForTerminal } from "../sanitize.js";
import { type CommandOptions, managerFor, printJson } from "./context.js";
import { parseWhen } from "./search-command.js";

const GROUPS: GroupBy[] = ["day", "model", "project"];

export async function reportCommand(options: CommandOptions): Promise<number> {
  const by = String(options.by ?? "day") as GroupBy;
  if (!GROUPS.includes(by))
    throw new UsageError(`Invalid --by: ${JSON.stringify(options.by)}. Use day, model or project.`);
  if (options.all && options.since) throw new UsageError("Give either --all or --since, not both.");
  const sinceMs = options.all
    ? undefined
    : parseWhen(typeof options.since === "string" ? options.since : "30d", "--since") * 1000;
  const manager = await managerFor();
  const summaries = await manager.listSessions({ all: true });
  const splitChildren = options.children === false;
  const report = await buildReport(summaries, { by, sinceMs, splitChildren }, (summary) =>
    manager.listedSessionText(summary),
  );
  if (typeof options.html === "string") {
    const { reportToHtml } = await import("../../history/report/html.js");
    const handle = await open(options.html, "w", 0o600);
    try {
      await handle.writeFile(reportToHtml(report));
    } finally {
      await handle.close();
    }
    await chmod(options.html, 0o600);
    writeErr(`Wrote ${options.html}\n`);
  }
  if (options.json) printJson(report);
  else writeOutColored(formatReport(report, sanitizeForTerminal));
  return 0;
}

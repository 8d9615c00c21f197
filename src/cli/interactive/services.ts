// The analysis and export behind /stats, /cost, /export and the status line. The analysis module
// is imported on first use: chatting does not need it, and startup stays lean.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { SessionData } from "../../sessions/format.js";
import type { StatusInfo } from "./components/StatusLine.js";
import type { ChatSession } from "./types.js";

type Analysis = typeof import("../../sessions/analysis.js");
let analysis: Promise<Analysis> | undefined;
const loadAnalysis = () => {
  analysis ??= import("../../sessions/analysis.js");
  return analysis;
};

/** Tokens as the spec's "Token Usage" script counts them: the sum of assistant usage.total_tokens. */
export function sessionTokens(data: SessionData): number {
  let total = 0;
  for (const m of data.messages) if (m.role === "assistant" && m.usage) total += m.usage.total_tokens;
  return total;
}

export async function sessionStatus(session: ChatSession): Promise<StatusInfo> {
  const data = session.getData();
  const tokens = sessionTokens(data);
  if (tokens === 0) return { model: session.model, tokens, cost: "$0.0000" };
  const report = (await loadAnalysis()).estimateCost(data) as unknown as Record<string, unknown>;
  return { model: session.model, tokens, cost: costText(report) };
}

/** "$0.0123", "≥ $0.0123 (some models unpriced)", or undefined (nothing priced: "cost unknown"). */
function costText(report: Record<string, unknown>): string | undefined {
  const total = [report.total_usd, report.totalUsd, report.total].find((v) => typeof v === "number") as
    | number
    | undefined;
  const unknown = report.unknown ?? report.unpriced;
  const incomplete = report.incomplete === true || (Array.isArray(unknown) && unknown.length > 0);
  if (total === undefined || (incomplete && total === 0)) return undefined;
  return incomplete ? `≥ $${total.toFixed(4)} (some models unpriced)` : `$${total.toFixed(4)}`;
}

export async function analyseSession(session: ChatSession, what: "stats" | "cost"): Promise<string> {
  const a = await loadAnalysis();
  const data = session.getData();
  return what === "stats" ? a.formatStats(a.sessionStats(data)) : a.formatCost(a.estimateCost(data));
}

export interface Exporter {
  exportSession(id: string, options: { redact?: boolean }): Promise<{ json: string; redactions: number }>;
}

/** /export [file] [--redact]: like `agenix sessions export -o FILE`; the default file is ./<id>.json. */
export async function exportToFile(
  manager: Exporter,
  session: ChatSession,
  file: string | undefined,
  redact: boolean,
): Promise<string> {
  const id = session.id!;
  const target = path.resolve(session.workingDir, file ?? `${id}.json`);
  const { json, redactions } = await manager.exportSession(id, { redact });
  // The default name is ours to choose, so never overwrite with it; a named file is the user's call.
  await writeFile(target, json.endsWith("\n") ? json : `${json}\n`, { flag: file ? "w" : "wx", mode: 0o600 });
  const note = redact ? ` (${redactions} ${redactions === 1 ? "secret" : "secrets"} redacted)` : "";
  return `Exported session ${id} to ${target}${note}`;
}

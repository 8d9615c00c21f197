// The analysis and export behind /stats, /cost, /export and the status line. The analysis module
// is imported on first use: chatting does not need it, and startup stays lean.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { CostReport } from "../../analysis/stats.js";
import type { SessionData } from "../../messages/types.js";
import type { SessionStore } from "../../sessions/store.js";
import type { StatusInfo } from "./components/StatusLine.js";
import type { HistoryActions } from "./history-commands.js";
import type { ChatSession } from "./types.js";

type Analysis = typeof import("../../analysis/stats.js");
let analysis: Promise<Analysis> | undefined;
const loadAnalysis = () => {
  analysis ??= import("../../analysis/stats.js");
  return analysis;
};

/** Tokens as the spec's "Token Usage" script counts them: the sum of assistant usage.total_tokens. */
function sessionTokens(data: SessionData): number {
  let total = 0;
  for (const m of data.messages) if (m.role === "assistant" && m.usage) total += m.usage.total_tokens;
  return total;
}

export async function sessionStatus(session: ChatSession): Promise<StatusInfo> {
  const data = session.getData();
  const tokens = sessionTokens(data);
  const contextPercent = await session.contextUsage?.().then(
    (usage) => usage.percent,
    () => undefined,
  );
  const hasSummaries = (data.compactions ?? []).some((c) => c.usage);
  if (tokens === 0 && !hasSummaries) return { model: session.model, tokens, cost: "$0.0000", contextPercent };
  const cost = costText((await loadAnalysis()).estimateCost(data));
  return { model: session.model, tokens, cost, contextPercent };
}

/** "$0.0123", "≥ $0.0123 (gpt-x unpriced)", or undefined when nothing is priced ("cost unknown"). */
function costText(report: CostReport): string | undefined {
  if (report.complete) return `$${report.total_usd.toFixed(4)}`;
  const priced = report.models.some((m) => m.cost_usd !== undefined && m.cost_usd !== null);
  if (!priced) return undefined;
  return `≥ $${report.total_usd.toFixed(4)} (${report.unknown_models.join(", ")} unpriced)`;
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

/** /search and /fork (/rewind): the history code, loaded on first use. */
export function historyActions(manager: SessionStore, workingDir: string): HistoryActions {
  return {
    async search(query) {
      const { searchStore } = await import("../../history/search/any-store.js");
      return searchStore(manager, { text: query, limit: 50 });
    },
    async fork(session, at) {
      const { forkSession } = await import("../../history/fork.js");
      return (await forkSession(manager, session.id!, { at, workingDir })).id;
    },
  };
}

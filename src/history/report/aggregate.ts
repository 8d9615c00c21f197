// `agenix sessions report`: tokens (prompt, completion, cache), cost (each message priced by its own
// model), sessions and tool calls, grouped by day, model or project. Read from the session files.
import { readFile } from "node:fs/promises";
import { estimateCost } from "../../analysis/cost.js";
import { parentLink } from "../../messages/subagent-link.js";
import type { AssistantMessage, SessionData } from "../../messages/types.js";
import type { SessionSummary } from "../../sessions/summary.js";

export type GroupBy = "day" | "model" | "project";

export interface ReportRow {
  key: string;
  sessions: number;
  messages: number;
  tool_calls: number;
  prompt_tokens: number;
  completion_tokens: number;
  cache_read_tokens: number;
  cache_creation_tokens: number;
  total_tokens: number;
  /** Sum of the priced messages; `cost_complete` is false when some message had no price. */
  cost_usd: number;
  cost_complete: boolean;
}

export interface Report {
  by: GroupBy;
  since: string | null;
  rows: ReportRow[];
  total: ReportRow;
  /** Files that could not be read (named, not fatal). */
  skipped: { path: string; reason: string }[];
}

function emptyRow(key: string): ReportRow {
  return {
    key,
    sessions: 0,
    messages: 0,
    tool_calls: 0,
    prompt_tokens: 0,
    completion_tokens: 0,
    cache_read_tokens: 0,
    cache_creation_tokens: 0,
    total_tokens: 0,
    cost_usd: 0,
    cost_complete: true,
  };
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/** The price of one message (undefined when its model has no price). */
function messageCost(session: SessionData, message: AssistantMessage): number | undefined {
  const one = estimateCost({ ...session, messages: [message] });
  return one.complete ? one.total_usd : undefined;
}

export interface ReportOptions {
  by: GroupBy;
  /** Epoch ms: only messages at or after this time (and sessions updated since). */
  sinceMs?: number;
  /** Count subagents' sessions as sessions of their own (default: as part of their parent's). */
  splitChildren?: boolean;
}

/**
 * Sums the listed sessions' assistant messages. `read` gives a listed session's stored text
 * (`SessionManager.listedSessionText`; by default the file at its path).
 */
export async function buildReport(
  summaries: SessionSummary[],
  options: ReportOptions,
  read: (summary: SessionSummary) => Promise<Buffer | string> = (summary) => readFile(summary.path),
): Promise<Report> {
  const rows = new Map<string, ReportRow & { ids: Set<string> }>();
  const total = { ...emptyRow("total"), ids: new Set<string>() };
  const skipped: Report["skipped"] = [];
  const sinceDay = options.sinceMs !== undefined ? new Date(options.sinceMs).toISOString() : undefined;
  for (const summary of summaries) {
    if (sinceDay && summary.updated_at < sinceDay.slice(0, 19)) continue;
    let session: SessionData;
    try {
      session = JSON.parse((await read(summary)).toString());
      if (!Array.isArray(session.messages)) throw new Error("no messages array");
    } catch (error) {
      skipped.push({ path: summary.path, reason: (error as Error).message });
      continue;
    }
    // A subagent's session is part of its parent's: its tokens count, the parent is the session.
    const parent = parentLink(summary.metadata);
    const sessionKey = options.splitChildren
      ? summary.path
      : `${summary.working_dir}\0${parent?.session_id ?? summary.id}`;
    for (const message of session.messages) {
      if (message.role !== "assistant") continue;
      const at = Date.parse(message.timestamp);
      if (options.sinceMs !== undefined && !(at >= options.sinceMs)) continue;
      const key =
        options.by === "day"
          ? Number.isFinite(at)
            ? new Date(at).toISOString().slice(0, 10)
            : "unknown"
          : options.by === "model"
            ? message.model || session.model
            : session.working_dir;
      let row = rows.get(key);
      if (!row) {
        row = { ...emptyRow(key), ids: new Set() };
        rows.set(key, row);
      }
      for (const r of [row, total]) {
        r.ids.add(sessionKey);
        r.messages++;
        r.tool_calls += message.tool_calls?.length ?? 0;
        if (message.usage) {
          r.prompt_tokens += num(message.usage.prompt_tokens);
          r.completion_tokens += num(message.usage.completion_tokens);
          r.cache_read_tokens += num(message.usage.cache_read_tokens);
          r.cache_creation_tokens += num(message.usage.cache_creation_tokens);
          r.total_tokens += num(message.usage.total_tokens);
        }
      }
      if (message.usage) {
        const cost = messageCost(session, message);
        for (const r of [row, total]) {
          if (cost === undefined) r.cost_complete = false;
          else r.cost_usd += cost;
        }
      }
    }
  }
  const finish = ({ ids, ...row }: ReportRow & { ids: Set<string> }): ReportRow => ({
    ...row,
    sessions: ids.size,
  });
  const list = [...rows.values()].map(finish);
  list.sort((a, b) =>
    options.by === "day"
      ? a.key.localeCompare(b.key)
      : b.total_tokens - a.total_tokens || a.key.localeCompare(b.key),
  );
  return { by: options.by, since: sinceDay ?? null, rows: list, total: finish(total), skipped };
}

// The report as aligned columns with a bar per row (cost when priced, else tokens).
import type { Report, ReportRow } from "./aggregate.js";

const BAR = 24;

function compact(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}

const money = (row: ReportRow) => `${row.cost_complete ? "" : "≥"}$${row.cost_usd.toFixed(4)}`;

export function formatReport(report: Report, clean: (text: string) => string = (t) => t): string {
  if (report.rows.length === 0) {
    return `No assistant messages${report.since ? ` since ${report.since.slice(0, 10)}` : ""}. (--all reports every session)\n`;
  }
  const byCost = report.total.cost_usd > 0;
  const measure = (r: ReportRow) => (byCost ? r.cost_usd : r.total_tokens);
  const max = Math.max(...report.rows.map(measure), 1e-12);
  const head = [
    report.by,
    "sessions",
    "tool calls",
    "prompt",
    "completion",
    "cache read",
    "cache write",
    "total",
    "cost",
    byCost ? "share of cost" : "share of tokens",
  ];
  const line = (r: ReportRow, bar: boolean) => [
    clean(r.key),
    String(r.sessions),
    String(r.tool_calls),
    compact(r.prompt_tokens),
    compact(r.completion_tokens),
    compact(r.cache_read_tokens),
    compact(r.cache_creation_tokens),
    compact(r.total_tokens),
    money(r),
    bar ? "█".repeat(Math.round((measure(r) / max) * BAR)) || (measure(r) > 0 ? "▏" : "") : "",
  ];
  const table = [
    head,
    ...report.rows.map((r) => line(r, true)),
    line({ ...report.total, key: "total" }, false),
  ];
  const widths = head.map((_, i) => Math.min(48, Math.max(...table.map((row) => row[i]!.length))));
  const clip = (cell: string, i: number) =>
    cell.length > widths[i]! ? `${cell.slice(0, widths[i]! - 1)}…` : cell;
  const render = (row: string[]) =>
    row
      .map((cell, i) =>
        i === 0
          ? clip(cell, i).padEnd(widths[i]!)
          : i === row.length - 1
            ? cell
            : clip(cell, i).padStart(widths[i]!),
      )
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  const out = [render(table[0]!), rule, ...table.slice(1, -1).map(render), rule, render(table.at(-1)!)];
  if (!report.total.cost_complete) out.push("≥: some messages use a model without a known price.");
  if (report.skipped.length) out.push(`Skipped ${report.skipped.length} unreadable session file(s).`);
  return `${out.join("\n")}\n`;
}

// Reports: figures against sums computed straight from the files, the terminal table, the HTML page.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { estimateCost } from "../../src/analysis/cost.js";
import { buildReport, type GroupBy } from "../../src/history/report/aggregate.js";
import { formatReport } from "../../src/history/report/format-text.js";
import { reportToHtml } from "../../src/history/report/html.js";
import type { Message, SessionData } from "../../src/messages/types.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { checkPage } from "../support/chromium.js";
import { prng } from "../support/prng.js";

let root: string;
let manager: SessionManager;
const MODELS = ["gpt-4o", "claude-sonnet-4-20250514", "my-local-model"];

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), "agenix-report-"));
  manager = new SessionManager({ dir: root });
  const rand = prng(2024);
  for (let s = 0; s < 12; s++) {
    const data = await manager.createSessionData({
      workingDir: `/tmp/report-${s % 3}`,
      model: MODELS[s % 2]!,
    });
    let t = Date.UTC(2024, 4, 1 + (s % 5), 9);
    for (let i = 0; i < 6; i++) {
      t += 3_600_000 * rand();
      const ts = `${new Date(t).toISOString().slice(0, 19)}Z`;
      data.messages.push({ role: "user", content: "go", timestamp: ts });
      const prompt = Math.floor(rand() * 5000);
      const completion = Math.floor(rand() * 500);
      const message: Message = {
        role: "assistant",
        content: [{ type: "text", text: "ok" }],
        model: MODELS[Math.floor(rand() * 3)],
        usage: {
          prompt_tokens: prompt,
          completion_tokens: completion,
          total_tokens: prompt + completion,
          cache_read_tokens: Math.floor(prompt / 2),
        },
        timestamp: ts,
      };
      if (rand() < 0.5) {
        message.tool_calls = [{ id: `c${s}_${i}`, name: "bash", arguments: {} }];
        data.messages.push(message, {
          role: "tool",
          tool_call_id: `c${s}_${i}`,
          name: "bash",
          content: "",
          is_error: false,
          timestamp: ts,
        });
      } else data.messages.push(message);
    }
    await manager.saveSession(data, { keepUpdatedAt: true });
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function files(): Promise<SessionData[]> {
  return (await manager.listSessions({ all: true })).map((s) => JSON.parse(readFileSync(s.path, "utf8")));
}

describe("sessions report", () => {
  for (const by of ["day", "model", "project"] as GroupBy[]) {
    it(`by ${by}: every figure equals the sum over the files`, async () => {
      const report = await buildReport(await manager.listSessions({ all: true }), { by });
      const expected = new Map<
        string,
        { tokens: number; prompt: number; cache: number; calls: number; sessions: Set<string>; cost: number }
      >();
      for (const session of await files()) {
        for (const m of session.messages) {
          if (m.role !== "assistant") continue;
          const key =
            by === "day"
              ? m.timestamp.slice(0, 10)
              : by === "model"
                ? (m.model ?? session.model)
                : session.working_dir;
          const e = expected.get(key) ?? {
            tokens: 0,
            prompt: 0,
            cache: 0,
            calls: 0,
            sessions: new Set(),
            cost: 0,
          };
          e.tokens += m.usage!.total_tokens;
          e.prompt += m.usage!.prompt_tokens;
          e.cache += m.usage!.cache_read_tokens ?? 0;
          e.calls += m.tool_calls?.length ?? 0;
          e.sessions.add(session.id);
          e.cost += estimateCost({ ...session, messages: [m] }).total_usd;
          expected.set(key, e);
        }
      }
      expect(report.rows.map((r) => r.key).sort()).toEqual([...expected.keys()].sort());
      for (const row of report.rows) {
        const e = expected.get(row.key)!;
        expect(row).toMatchObject({
          total_tokens: e.tokens,
          prompt_tokens: e.prompt,
          cache_read_tokens: e.cache,
          tool_calls: e.calls,
          sessions: e.sessions.size,
        });
        expect(row.cost_usd).toBeCloseTo(e.cost, 10);
        expect(row.cost_complete).toBe(by === "model" ? row.key !== "my-local-model" : false);
      }
      const all = await files();
      expect(report.total.total_tokens).toBe(
        all
          .flatMap((s) => s.messages)
          .reduce((n, m) => n + (m.role === "assistant" ? m.usage!.total_tokens : 0), 0),
      );
      expect(report.total.cost_usd).toBeCloseTo(
        all.reduce((n, s) => n + estimateCost(s).total_usd, 0),
        10,
      );
      expect(report.total.sessions).toBe(12);
    });
  }

  it("--since keeps only messages from then on", async () => {
    const report = await buildReport(await manager.listSessions({ all: true }), {
      by: "day",
      sinceMs: Date.UTC(2024, 4, 4),
    });
    expect(report.rows.map((r) => r.key).every((k) => k >= "2024-05-04")).toBe(true);
    expect(report.rows.length).toBeGreaterThan(0);
  });

  it("prints aligned columns with bars", async () => {
    const text = formatReport(await buildReport(await manager.listSessions({ all: true }), { by: "model" }));
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toMatch(
      /^model\s+sessions\s+tool calls\s+prompt\s+completion\s+cache read\s+cache write\s+total\s+cost\s+share of cost$/,
    );
    const costColumnEnd = lines[0]!.indexOf("cost") + 4;
    for (const line of lines.slice(2, 5)) expect(line.slice(costColumnEnd - 1, costColumnEnd)).toMatch(/\d/);
    expect(text).toContain("█");
    expect(text).toContain("≥: some messages use a model without a known price.");
  });

  it("the HTML report draws uPlot charts in Chromium with no console errors and no network requests", async () => {
    const file = path.join(root, "report.html");
    writeFileSync(
      file,
      reportToHtml(await buildReport(await manager.listSessions({ all: true }), { by: "day" })),
    );
    const result = await checkPage(file, {
      screenshot: path.join(root, "report.png"),
      evaluate: [
        "document.querySelectorAll('.uplot canvas').length",
        "document.querySelectorAll('table.report tbody tr').length",
        // Both charts' value axes start at 0, whatever the smallest bar.
        "window.reportCharts.map((u) => u.scales.y.min)",
      ],
    });
    expect(result.consoleErrors).toEqual([]);
    expect(result.requests).toEqual([]);
    expect(result.values).toEqual([2, 5, [0, 0]]);
  }, 60_000);
});

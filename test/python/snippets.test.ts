// The spec's Python snippets ("Token Usage", "Cost Estimation", "Session Statistics", "For Sharing"),
// kept verbatim in test/fixtures/python/, run with python3 on session files written by SessionManager.
// Each runs in a directory holding the session as session.json, since that is the name they open.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionStats, tokenUsage } from "../../src/analysis/stats.js";
import type { SessionData } from "../../src/messages/types.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { specExample, workSession } from "../analysis/sample-sessions.js";

const SNIPPETS = path.resolve("test/fixtures/python");
let root: string;
let manager: SessionManager;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "agenix-python-"));
  manager = new SessionManager({ dir: path.join(root, "sessions") });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes `sample` through SessionManager and returns a directory holding that file as session.json. */
async function written(sample: SessionData): Promise<{ dir: string; data: SessionData }> {
  const workingDir = path.join(root, "project");
  const data = await manager.createSessionData({
    workingDir,
    model: sample.model,
    metadata: sample.metadata,
  });
  data.messages.push(...sample.messages);
  if (sample.compactions) data.compactions = sample.compactions;
  if (sample.checkpoints) data.checkpoints = sample.checkpoints;
  await manager.saveSession(data);
  const dir = mkdtempSync(path.join(root, "run-"));
  copyFileSync(await manager.sessionPath(data.id, { workingDir }), path.join(dir, "session.json"));
  const onDisk = JSON.parse(readFileSync(path.join(dir, "session.json"), "utf8")) as SessionData;
  return { dir, data: onDisk };
}

function python(script: string, cwd: string): string {
  return execFileSync("python3", [path.join(SNIPPETS, script)], { cwd, encoding: "utf8" });
}

// The spec's own table, to compute what its script must print.
const TABLE: Record<string, { prompt: number; completion: number }> = {
  "gpt-4o": { prompt: 0.005 / 1000, completion: 0.015 / 1000 },
  "gpt-4": { prompt: 0.03 / 1000, completion: 0.06 / 1000 },
};

function tableCost(session: SessionData): string {
  const costs = TABLE[session.model] ?? TABLE["gpt-4o"]!;
  let total = 0;
  for (const m of session.messages) {
    if (m.role !== "assistant" || !m.usage) continue;
    total += m.usage.prompt_tokens * costs.prompt;
    total += m.usage.completion_tokens * costs.completion;
  }
  return `Estimated cost: $${total.toFixed(4)}`;
}

/** A session whose first user message carries an image block and an attachment record. */
function withImage(): SessionData {
  const data = workSession("gpt-4o");
  const first = data.messages.findIndex((m) => m.role === "user");
  data.messages[first] = {
    role: "user",
    content: [
      { type: "text", text: "what is in @shot.png?" },
      { type: "image", path: "/project/shot.png", sha256: "ab".repeat(32), media_type: "image/png" },
    ],
    attachments: [{ type: "image", path: "shot.png" }],
    timestamp: data.messages[first]!.timestamp,
  };
  return data;
}

/** A Claude session whose answers read and wrote the prompt cache (prompt_tokens counts both). */
function withCache(): SessionData {
  const data = workSession("claude-sonnet-4-6");
  let n = 0;
  for (const m of data.messages) {
    if (m.role !== "assistant" || !m.usage) continue;
    const read = n++ === 0 ? 0 : Math.floor(m.usage.prompt_tokens * 0.8);
    const write = m.usage.prompt_tokens - read - 5;
    m.usage = { ...m.usage, cache_read_tokens: read, cache_creation_tokens: Math.max(0, write) };
  }
  return data;
}

const samples: Array<[string, () => SessionData]> = [
  ["a Claude session with prompt-cache reads and writes", withCache],
  ["the spec's example", specExample],
  ["a session with an image block", withImage],
  ["a two-model session on gpt-4o", () => workSession("gpt-4o")],
  ["a session on gpt-4", () => workSession("gpt-4")],
  [
    "a subagent's session (metadata.parent and agent)",
    () => ({
      ...workSession("gpt-4o"),
      metadata: {
        name: "find auth code",
        parent: { session_id: "20240101_120000", tool_call_id: "call_7" },
        agent: "explore",
      },
    }),
  ],
  [
    "a compacted session (the summary's usage is not a message)",
    () => ({
      ...workSession("gpt-4o"),
      compactions: [
        {
          first_kept_index: 2,
          summary: "## Goal\nRefactor.",
          tokens_before: 9000,
          tokens_after: 1200,
          model: "gpt-4o",
          usage: { prompt_tokens: 8000, completion_tokens: 300, total_tokens: 8300 },
          trigger: "auto",
          timestamp: "2024-01-01T12:30:00Z",
        },
      ],
    }),
  ],
  [
    "a session with checkpoints (after messages, like compactions)",
    () => ({
      ...workSession("gpt-4o"),
      checkpoints: [
        {
          id: "58388660cc2c",
          commit: "58388660cc2c58aea264feecb43901714955f287",
          message_index: 0,
          created_at: "2024-01-01T12:00:00Z",
          trigger: "turn",
          files_changed: 0,
          lines_added: 0,
          lines_removed: 0,
        },
        {
          id: "47136be82bc4",
          commit: "47136be82bc4e755c1f7833660825af01701c6a5",
          message_index: 3,
          created_at: "2024-01-01T12:00:05Z",
          trigger: "tool",
          tool: "bash",
          files_changed: 3,
          lines_added: 1,
          lines_removed: 1,
        },
      ],
    }),
  ],
];

describe.each(samples)("the spec's Python snippets on %s", (_name, make) => {
  it("Token Usage prints the total agenix reports", async () => {
    const { dir, data } = await written(make());
    expect(python("token_usage.py", dir).trim()).toBe(`Total tokens: ${tokenUsage(data).total_tokens}`);
  });

  it("Session Statistics gives the counts agenix reports", async () => {
    const { dir, data } = await written(make());
    const out = python("session_statistics.py", dir);
    const stats = sessionStats(data);
    expect(out).toContain(`Messages: ${stats.total_messages}\nTool calls: ${stats.tool_calls}\n`);
    const printed = JSON.parse(out.split("wrapper stats: ")[1]!);
    expect(printed).toEqual({
      total_messages: stats.total_messages,
      user_messages: stats.user_messages,
      assistant_messages: stats.assistant_messages,
      tool_calls: stats.tool_calls,
      tool_results: stats.tool_results,
    });
  });

  it("Cost Estimation prints its own table's figure", async () => {
    const { dir, data } = await written(make());
    expect(python("cost_estimation.py", dir).trim()).toBe(tableCost(data));
  });

  it("For Sharing runs without error", async () => {
    const sample = make();
    const tool = sample.messages.find((m) => m.role === "tool");
    if (tool) tool.content = `api_key = "abc"\n${tool.content}`;
    const { dir } = await written(sample);
    python("for_sharing.py", dir);
    const clean = JSON.parse(readFileSync(path.join(dir, "session_clean.json"), "utf8"));
    expect(clean.working_dir).toBe("/project");
    expect(existsSync(path.join(dir, "session.json"))).toBe(true);
  });
});

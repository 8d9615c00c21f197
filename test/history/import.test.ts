// Importers, one fixture per agent format and version (written from the formats' public
// documentation and source), with the edge cases: empty transcripts, torn and unknown lines,
// interrupted tool calls, compaction, sidechains and abandoned branches.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AgentFormat } from "../../src/history/import/build.js";
import { detectFormat } from "../../src/history/import/detect.js";
import { parseTranscript } from "../../src/history/import/prepare.js";
import { importTranscripts } from "../../src/history/import/run.js";
import { validateSession } from "../../src/sessions/load.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { repoRoot } from "../support/cli.js";

const FIXTURES = path.join(repoRoot, "test/fixtures/import");
const fixture = (rel: string) => path.join(FIXTURES, rel);
const CODEX_NEW = "codex/2025/09/01/rollout-2025-09-01T10-00-00-0199a213-81c0-7800-8aa1-bbab2a035a53.jsonl";
const CODEX_OLD = "codex/2025/05/10/rollout-2025-05-10T08-00-00-7d3f0c1e-2a4b-4c5d-8e9f-0a1b2c3d4e5f.jsonl";
const PI = "pi/--home-dev-cli--/2025-10-01T12-00-00-000Z_a3f1c9d2-1111-4222-8333-944455556666.jsonl";
const CODEX_2026 = "codex/2026/03/01/rollout-2026-03-01T09-30-00-019c5a10-3b2e-7d41-9f0a-6e5d4c3b2a19.jsonl";
const GEMINI = "gemini/9f8e7d6c5b4a/chats/session-2025-08-01T15-00-b6a1c2d3.json";
const GEMINI_JSONL = "gemini/shop/chats/session-2026-02-10T14-05-5e6f7a8b.jsonl";
const AGENIX_PY = "agenix-py/tool/.agenix/20240301_090000.jsonl";

function load(agent: AgentFormat, rel: string) {
  const file = fixture(rel);
  const result = parseTranscript(agent, readFileSync(file, "utf8"), file, "/fallback/dir");
  // Every import is a valid spec session.
  expect(validateSession(JSON.parse(JSON.stringify(result.data))).reason).toBeUndefined();
  for (const m of result.data.messages) expect(m.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  return result;
}

const roles = (r: ReturnType<typeof load>) => r.data.messages.map((m) => m.role);
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary fields
const at = (r: ReturnType<typeof load>, i: number): any => r.data.messages[i];

describe("import: format detection", () => {
  it("recognises every fixture's agent", () => {
    expect(detectFormat(fixture("claude-code/basic.jsonl"))).toBe("claude-code");
    expect(detectFormat(fixture(CODEX_NEW))).toBe("codex");
    expect(detectFormat(fixture(CODEX_OLD))).toBe("codex");
    expect(detectFormat(fixture(PI))).toBe("pi");
    expect(detectFormat(fixture(GEMINI))).toBe("gemini");
    expect(detectFormat(fixture(GEMINI_JSONL))).toBe("gemini");
    expect(detectFormat(fixture(CODEX_2026))).toBe("codex");
    expect(detectFormat(fixture(AGENIX_PY))).toBe("agenix-py");
    expect(detectFormat(path.join(repoRoot, "test/fixtures/spec-example.json"))).toBe("agenix");
    expect(detectFormat(fixture("claude-code/empty.jsonl"))).toBeUndefined();
  });
});

describe("import: Claude Code", () => {
  it("merges one-block-per-line assistant messages, pairs tool results, keeps reasoning and usage", () => {
    const r = load("claude-code", "claude-code/basic.jsonl");
    expect(roles(r)).toEqual(["user", "assistant", "tool", "assistant"]);
    expect(at(r, 0)).toMatchObject({
      content: "Why does the login test fail sometimes?",
      timestamp: "2025-06-01T10:00:00Z",
    });
    expect(at(r, 1)).toMatchObject({
      content: [{ type: "text", text: "Let me read the test." }],
      tool_calls: [
        { id: "toolu_01", name: "Read", arguments: { file_path: "/home/dev/webapp/test/login.test.ts" } },
      ],
      reasoning: "Look at the test first.",
      model: "claude-sonnet-4-20250514",
      // prompt = every input token, cache included
      usage: {
        prompt_tokens: 12 + 1500 + 3000,
        completion_tokens: 85,
        total_tokens: 4597,
        cache_read_tokens: 3000,
        cache_creation_tokens: 1500,
      },
    });
    expect(at(r, 2)).toMatchObject({ role: "tool", tool_call_id: "toolu_01", name: "Read", is_error: false });
    expect(r.data).toMatchObject({
      working_dir: "/home/dev/webapp",
      model: "claude-sonnet-4-20250514",
      created_at: "2025-06-01T10:00:00Z",
      updated_at: "2025-06-01T10:00:08Z",
      metadata: {
        name: "Fix the flaky login test",
        imported_from: { agent: "claude-code", source_id: "basic" },
      },
    });
    expect(r.skippedLines).toBe(1); // the torn line; unknown line types are not errors
  });

  it("follows the current branch after a rewind and records the compaction", () => {
    const r = load("claude-code", "claude-code/compact.jsonl");
    expect(
      r.data.messages.map((m) =>
        m.role === "user" ? m.content : m.role === "assistant" ? m.content[0]?.text : "",
      ),
    ).toEqual([
      "Rename the helper",
      "Renamed it to waitForLogin.",
      "Now add a unit test for waitForLogin",
      "Added test/wait-for-login.test.ts.",
    ]);
    expect(r.data.metadata.compactions).toEqual([
      { summary: expect.stringContaining("renamed to waitForLogin"), message_index: 2, tokens_before: 48211 },
    ]);
    // The latest /rename (custom-title) names it, over the generated ai-title lines.
    expect(r.data.metadata.name).toBe("waitForLogin rename");
  });

  it("leaves sidechains out, closes an interrupted tool call, and imports a subagent file on its own", () => {
    const r = load("claude-code", "claude-code/sidechain.jsonl");
    expect(JSON.stringify(r.data.messages)).not.toContain("SIDECHAIN");
    expect(roles(r)).toEqual(["user", "assistant", "tool", "assistant", "tool", "user"]);
    expect(at(r, 2)).toMatchObject({
      tool_call_id: "toolu_task",
      content: "Token refresh lives in src/auth/refresh.ts",
    });
    expect(at(r, 4)).toMatchObject({ tool_call_id: "toolu_bash", is_error: true });
    expect(at(r, 5).content).toBe("[Request interrupted by user for tool use]");

    const dir = mkdtempSync(path.join(tmpdir(), "agenix-sub-"));
    try {
      const lines = readFileSync(fixture("claude-code/sidechain.jsonl"), "utf8")
        .split("\n")
        .filter((l) => l.includes('"isSidechain": true'));
      const file = path.join(dir, "agent-1a2b.jsonl");
      writeFileSync(file, `${lines.join("\n")}\n`);
      const sub = parseTranscript("claude-code", readFileSync(file, "utf8"), file, dir);
      expect(sub.data.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
      expect(sub.data.metadata).toMatchObject({
        sidechain: true,
        imported_from: { source_id: "agent-1a2b" },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an empty transcript has no messages", () => {
    expect(load("claude-code", "claude-code/empty.jsonl").data.messages).toEqual([]);
  });
});

describe("import: Codex", () => {
  it("reads response_item and event_msg lines: reasoning, function and custom tool calls, token counts", () => {
    const r = load("codex", CODEX_NEW);
    expect(roles(r)).toEqual(["user", "assistant", "tool", "assistant", "tool", "assistant"]);
    expect(at(r, 0).content).toBe("List the migrations"); // environment context is not the user's
    expect(at(r, 1)).toMatchObject({
      reasoning: "**Listing files** in db/migrations",
      tool_calls: [
        { id: "call_A1", name: "shell", arguments: { command: ["bash", "-lc", "ls db/migrations"] } },
      ],
      usage: { prompt_tokens: 5000, completion_tokens: 60, total_tokens: 5060, cache_read_tokens: 4000 },
      model: "gpt-5-codex",
    });
    expect(at(r, 2)).toMatchObject({
      name: "shell",
      content: "001_init.sql\n002_users.sql\n",
      is_error: false,
    });
    expect(at(r, 3).tool_calls[0]).toMatchObject({
      name: "apply_patch",
      arguments: { input: expect.stringContaining("003_orders") },
    });
    expect(at(r, 5)).toMatchObject({
      content: [{ text: "There are two migrations; I added 003_orders.sql." }],
      usage: { prompt_tokens: 5200 },
    });
    expect(r.data).toMatchObject({
      working_dir: "/home/dev/api",
      model: "gpt-5-codex",
      metadata: { imported_from: { agent: "codex", source_id: "0199a213-81c0-7800-8aa1-bbab2a035a53" } },
    });
    expect(r.data.metadata.compactions).toHaveLength(1);
    expect(r.skippedLines).toBe(1);
  });

  it("a failing command is an error: the `Exit code: N` header and the JSON-wrapped metadata.exit_code", () => {
    const r = load("codex", CODEX_2026);
    expect(roles(r)).toEqual([
      "user",
      "assistant",
      "tool",
      "assistant",
      "tool",
      "assistant",
      "tool",
      "assistant",
    ]);
    expect(at(r, 2)).toMatchObject({ tool_call_id: "call_S1", name: "shell_command", is_error: true });
    expect(at(r, 2).content).toContain("FAIL test/cart.test.js");
    expect(at(r, 4)).toMatchObject({ tool_call_id: "call_S2", is_error: false });
    expect(at(r, 6)).toMatchObject({ tool_call_id: "call_S3", name: "shell", is_error: true });
  });

  it("reads the older plain-item format", () => {
    const r = load("codex", CODEX_OLD);
    expect(roles(r)).toEqual(["user", "assistant", "tool", "assistant"]);
    expect(at(r, 2)).toMatchObject({ tool_call_id: "call_old1", content: "fn main() {}" });
    expect(r.data.created_at).toBe("2025-05-10T08:00:00Z");
    expect(r.data.working_dir).toBe(""); // not recorded: the caller's directory is used
  });
});

describe("import: pi, Gemini CLI, original Agenix", () => {
  it("pi: the current branch of the entry tree, compaction, name and usage", () => {
    const r = load("pi", PI);
    expect(roles(r)).toEqual(["user", "assistant", "tool", "assistant", "user", "user", "user", "assistant"]);
    expect(JSON.stringify(r.data)).not.toContain("ABANDONED");
    // `!!command` output never reached pi's model; an extension's message and `!command` did.
    expect(JSON.stringify(r.data)).not.toContain("PRIVATE-NOTES");
    expect(at(r, 4).content).toBe("Reminder: the tests have not run yet.");
    expect(at(r, 5).content).toBe("$ npm test\n1 failing: --verbose prints nothing\n(exit code 1)");
    expect(at(r, 7)).toMatchObject({ usage: { prompt_tokens: 2200, cache_read_tokens: 1000 } });
    expect(at(r, 1)).toMatchObject({
      reasoning: "Check the arg parser.",
      tool_calls: [{ id: "tc_1", name: "read", arguments: { path: "src/args.ts" } }],
      usage: {
        prompt_tokens: 1050,
        completion_tokens: 40,
        cache_read_tokens: 900,
        cache_creation_tokens: 50,
      },
    });
    expect(r.data).toMatchObject({ working_dir: "/home/dev/cli", metadata: { name: "verbose flag" } });
    expect(r.data.metadata.compactions).toEqual([
      { summary: expect.stringContaining("--verbose"), message_index: 3, tokens_before: 20000 },
    ]);
  });

  it("Gemini CLI: tool calls with inline results, thoughts, tokens, project root", () => {
    const r = load("gemini", GEMINI);
    expect(roles(r)).toEqual(["user", "assistant", "tool", "assistant"]);
    expect(at(r, 1)).toMatchObject({
      tool_calls: [{ id: "read_file-1", name: "read_file" }],
      usage: { prompt_tokens: 2000, completion_tokens: 42, cache_read_tokens: 1500 },
      model: "gemini-2.5-pro",
    });
    expect(at(r, 2).content).toContain("tailwindcss");
    expect(r.data.working_dir).toBe("/home/dev/site");
  });

  it("Gemini CLI JSONL: a repeated id replaces, $set patches, $rewindTo drops, function responses skipped", () => {
    const r = load("gemini", GEMINI_JSONL);
    expect(roles(r)).toEqual(["user", "assistant", "tool", "assistant", "user", "assistant"]);
    expect(at(r, 0).content).toBe("What does src/tax.js export?");
    // The record written again with its result replaced the first one: one call, one result.
    expect(at(r, 1)).toMatchObject({
      tool_calls: [
        { id: "read_file-1770732303000-a1", name: "read_file", arguments: { file_path: "src/tax.js" } },
      ],
      usage: { prompt_tokens: 4200, completion_tokens: 28, cache_read_tokens: 3000 },
      reasoning: "Reading the file: open src/tax.js",
    });
    expect(at(r, 2)).toMatchObject({ content: "File not found: src/tax.js", is_error: true });
    expect(at(r, 4).content).toBe("List its exports instead");
    expect(JSON.stringify(r.data)).not.toContain("REWOUND");
    expect(r.data).toMatchObject({
      working_dir: "/home/dev/shop",
      model: "gemini-3-pro-preview",
      metadata: {
        name: "Where the tax code lives",
        imported_from: { agent: "gemini", source_id: "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9" },
      },
    });
    expect(r.skippedLines).toBe(1); // the torn last line
  });

  it("Gemini CLI JSONL: a $set.messages checkpoint replaces every message; an unknown $rewindTo drops all", () => {
    const line = (o: unknown) => JSON.stringify(o);
    const meta = { sessionId: "s1", projectHash: "p" };
    const user = (id: string, text: string) => ({
      id,
      type: "user",
      timestamp: "2026-01-01T00:00:00Z",
      content: text,
    });
    const text = [
      line(meta),
      line(user("a", "before the checkpoint")),
      line({ $set: { messages: [user("b", "kept by the checkpoint")] } }),
      line(user("c", "after it")),
    ].join("\n");
    const r = parseTranscript("gemini", text, "/x/chats/session-1.jsonl", "/fallback");
    expect(r.data.messages.map((m) => m.content)).toEqual(["kept by the checkpoint", "after it"]);
    const rewound = parseTranscript("gemini", `${text}\n${line({ $rewindTo: "zz" })}`, "/x/s.jsonl", "/f");
    expect(rewound.data.messages).toEqual([]);
  });

  it("original Agenix: header and message lines; the project is the folder holding .agenix/", () => {
    const r = load("agenix-py", AGENIX_PY);
    expect(roles(r)).toEqual(["user", "assistant", "tool", "assistant"]);
    expect(at(r, 1).tool_calls).toHaveLength(1);
    // Reasoning blocks (today's format) are kept as reasoning, not as text.
    expect(at(r, 1).content).toEqual([{ type: "text", text: "Counting." }]);
    expect(at(r, 1).reasoning).toBe("Count with ls.");
    expect(at(r, 1).usage).toMatchObject({ prompt_tokens: 300, completion_tokens: 20 });
    expect(r.data.working_dir).toBe(fixture("agenix-py/tool"));
  });
});

describe("import: folders and idempotency", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "agenix-import-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("imports a folder once; a second run skips every transcript; bad files are reported, not fatal", async () => {
    const manager = new SessionManager({ dir: path.join(root, "sessions") });
    const extra = path.join(root, "extra");
    mkdirSync(extra);
    writeFileSync(
      path.join(extra, "broken.jsonl"),
      '{"type":"session_header","session_id":"x"}\n{not json\n',
    );
    const progress: number[] = [];
    const first = await importTranscripts(manager, FIXTURES, {
      from: "auto",
      fallbackDir: root,
      onProgress: (d) => progress.push(d),
    });
    expect(first.imported.map((i) => i.agent).sort()).toEqual([
      "agenix-py",
      "claude-code",
      "claude-code",
      "claude-code",
      "codex",
      "codex",
      "codex",
      "gemini",
      "gemini",
      "pi",
    ]);
    expect(first.failed).toEqual([]);
    expect(progress.at(-1)).toBe(progress.length);
    const second = await importTranscripts(manager, FIXTURES, { from: "auto", fallbackDir: root });
    expect(second.imported).toEqual([]);
    expect(second.skipped.filter((s) => s.reason.startsWith("already imported as"))).toHaveLength(10);
    const listed = await manager.listSessions({ all: true });
    expect(listed).toHaveLength(10);
    const codexOld = listed.find((s) =>
      (s.metadata as { imported_from?: { path: string } }).imported_from?.path.endsWith(
        CODEX_OLD.split("/").pop()!,
      ),
    );
    expect(codexOld?.working_dir).toBe(root);
    const broken = await importTranscripts(manager, extra, { from: "auto", fallbackDir: root });
    expect(broken.imported).toEqual([]);
    expect(broken.skipped).toEqual([{ path: path.join(extra, "broken.jsonl"), reason: "no messages" }]);
  });
});

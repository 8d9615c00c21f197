// History commands through the real binary in a temp HOME: search, fork, export, import (and
// continuing an imported session against the strict scripted server), report.
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importTranscripts } from "../../src/history/import/run.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { repoRoot, runAgenix, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { openaiEnv, readSession } from "./helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

const agenix = (args: string[], env = home.env) => runAgenix(args, { cwd: home.workDir, env });

async function seed(): Promise<{ here: string; other: string }> {
  const manager = new SessionManager({ dir: home.sessionDir });
  const a = await manager.createSessionData({
    workingDir: home.workDir,
    model: "gpt-4o",
    metadata: { name: "Login work" },
  });
  a.messages.push(
    { role: "user", content: "Why is the login test flaky?", timestamp: "2024-05-01T10:00:00Z" },
    {
      role: "assistant",
      content: [{ type: "text", text: "It sleeps \u001b]52;c;ZXZpbA==\u0007 instead of waiting for login." }],
      timestamp: "2024-05-01T10:00:01Z",
    },
  );
  await manager.saveSession(a);
  const b = await manager.createSessionData({
    workingDir: path.join(home.home, "other"),
    model: "claude-sonnet-4",
  });
  b.messages.push({ role: "user", content: "deploy the login service", timestamp: "2024-06-01T10:00:00Z" });
  await manager.saveSession(b);
  return { here: a.id, other: b.id };
}

describe("agenix sessions search", () => {
  it("prints blocks and JSON, filters by directory, and rejects bad options", async () => {
    const { here, other } = await seed();
    const json = await agenix(["sessions", "search", "login", "--json"]);
    expect(json.code, json.stderr).toBe(0);
    const hits = JSON.parse(json.stdout);
    // Two messages and the name of one session, one message of the other.
    expect(hits.map((h: { id: string }) => h.id).sort()).toEqual([here, here, here, other].sort());
    expect(hits.find((h: { message_index: null | number }) => h.message_index === null)).toMatchObject({
      id: here,
      role: "metadata",
      snippet: "Login work",
    });
    for (const h of hits)
      expect(Object.keys(h)).toEqual(["id", "working_dir", "message_index", "role", "snippet", "score"]);
    const text = await agenix(["sessions", "search", "flaky", "login", "--here"]);
    expect(text.stdout).toBe(
      `${here}  2024-05-01 10:00  ${home.workDir}  "Login work"\n  user #0: Why is the login test flaky?\n\n`,
    );
    const sanitized = await agenix(["sessions", "search", "sleeps"]);
    expect(sanitized.stdout).not.toContain("\u001b");
    expect(sanitized.stdout).not.toContain("\u0007");
    const phrase = await agenix(["sessions", "search", "login service", "--json"]);
    expect(JSON.parse(phrase.stdout).map((h: { id: string }) => h.id)).toEqual([other]);
    expect((await agenix(["sessions", "search", "nothingmatches"])).stdout).toBe("No matches.\n");
    const bad = await agenix(["sessions", "search", "login", "--role", "robot"]);
    expect(bad.code).toBe(2); // usage: a malformed value
    expect(bad.stderr).toBe('Error: Invalid --role: "robot". Use user, assistant or tool.\n');
    const badSince = await agenix(["sessions", "search", "login", "--since", "yesterday-ish"]);
    expect(badSince.stderr).toMatch(/^Error: Invalid --since: "yesterday-ish"/);
    const indexFiles = readdirSync(path.join(home.sessionDir, ".search"));
    expect(indexFiles.sort()).toEqual([
      "b",
      "folders.log",
      "live.bin",
      "live.ok",
      "m",
      "meta",
      "nextsid",
      "o",
    ]);
  });

  it("two searches building a fresh index at once both answer correctly", async () => {
    await seed();
    const [one, two] = await Promise.all([
      agenix(["sessions", "search", "login", "--json"]),
      agenix(["sessions", "search", "login", "--json"]),
    ]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(JSON.parse(one.stdout)).toEqual(JSON.parse(two.stdout));
    expect(JSON.parse(one.stdout)).toHaveLength(4);
    const parts = path.join(home.sessionDir, ".search", "m");
    const manifest = readdirSync(parts)
      .map((f) => readFileSync(path.join(parts, f), "utf8"))
      .join("");
    expect(manifest.split("\n").filter((l) => l.startsWith('["s"')).length).toBe(2);
  });
});

describe("the search index follows saves", () => {
  it("a conversation's saves update an existing index, before any search runs", async () => {
    await seed();
    expect((await agenix(["sessions", "search", "login"])).code).toBe(0); // builds the index
    const entries = () => {
      const parts = path.join(home.sessionDir, ".search", "m");
      return readdirSync(parts)
        .flatMap((f) => readFileSync(path.join(parts, f), "utf8").split("\n"))
        .filter((l) => l.startsWith('["s"'))
        .map((l) => JSON.parse(l) as unknown[]);
    };
    expect(entries()).toHaveLength(2);
    server.push({ text: "Kumquats are small." });
    const run = await agenix(["Tell me about kumquats"], openaiEnv(home, server));
    expect(run.code, run.stderr).toBe(0);
    const id = /Session: (\S+)/.exec(run.stderr)?.[1];
    // The new session is in the index with both messages (entry: ["s", sid, rel, size, mtime, end,
    // count, tail, id, ...]; later lines win); no search has run since.
    const entry = entries()
      .filter((e) => e[8] === id)
      .at(-1);
    expect(entry?.[6]).toBe(2);
    const hits = JSON.parse((await agenix(["sessions", "search", "kumquats", "--json"])).stdout);
    expect(hits.map((h: { id: string; role: string }) => [h.id, h.role])).toEqual([
      [id, "assistant"],
      [id, "user"],
    ]);
  });
});

describe("agenix sessions fork / export / report", () => {
  it("fork prints the new id, refuses a cut between a call and its result, leaves the source as it was", async () => {
    const manager = new SessionManager({ dir: home.sessionDir });
    const s = await manager.createSessionData({ workingDir: home.workDir, model: "gpt-4o" });
    s.messages.push(
      { role: "user", content: "ls", timestamp: "2024-01-01T00:00:00Z" },
      {
        role: "assistant",
        content: [],
        tool_calls: [{ id: "c1", name: "bash", arguments: { command: "ls" } }],
        timestamp: "2024-01-01T00:00:01Z",
      },
      {
        role: "tool",
        tool_call_id: "c1",
        name: "bash",
        content: "a.txt",
        is_error: false,
        timestamp: "2024-01-01T00:00:02Z",
      },
      { role: "assistant", content: [{ type: "text", text: "one file" }], timestamp: "2024-01-01T00:00:03Z" },
    );
    await manager.saveSession(s);
    const file = await manager.sessionPath(s.id, { workingDir: home.workDir });
    const before = readFileSync(file);
    const bad = await agenix(["sessions", "fork", s.id, "--at", "2"]);
    expect(bad.code).toBe(2); // usage: an --at that cannot work as given
    expect(bad.stderr).toBe(
      `Error: Cannot fork session ${s.id}: cannot fork at 2: it would separate a tool call from its result. The nearest valid --at is 1 or 3.\n`,
    );
    const good = await agenix(["sessions", "fork", s.id, "--at", "3", "--name", "try two"]);
    expect(good.code, good.stderr).toBe(0);
    const forkId = good.stdout.trim();
    const fork = readSession(await manager.sessionPath(forkId, { workingDir: home.workDir }));
    expect(fork.messages).toHaveLength(3);
    expect(fork.metadata).toEqual({ name: "try two", forked_from: { session_id: s.id, message_index: 3 } });
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it("export writes Markdown and HTML files (0600), redacted on request; a bad format is an error", async () => {
    const { here } = await seed();
    const md = path.join(home.home, "s.md");
    const run = await agenix(["sessions", "export", here, "--format", "markdown", "-o", md]);
    expect(run.code, run.stderr).toBe(0);
    expect(statSync(md).mode & 0o777).toBe(0o600);
    expect(readFileSync(md, "utf8")).toMatch(/^# Login work\n/);
    const html = await agenix(["sessions", "export", here, "--format", "html", "--redact"]);
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/);
    expect(html.stdout).not.toContain(home.workDir);
    expect(html.stderr).toBe("Redacted 0 secrets\n");
    const bad = await agenix(["sessions", "export", here, "--format", "pdf"]);
    expect(bad.stderr).toBe('Error: Unknown export format: "pdf". Use json, markdown or html.\n');
  });

  it("report --json sums the files", async () => {
    const manager = new SessionManager({ dir: home.sessionDir });
    const s = await manager.createSessionData({ workingDir: home.workDir, model: "gpt-4o" });
    const now = `${new Date().toISOString().slice(0, 19)}Z`;
    s.messages.push(
      { role: "user", content: "hi", timestamp: now },
      {
        role: "assistant",
        content: [{ type: "text", text: "yo" }],
        usage: { prompt_tokens: 1000, completion_tokens: 10, total_tokens: 1010 },
        model: "gpt-4o",
        timestamp: now,
      },
    );
    await manager.saveSession(s);
    const run = await agenix(["sessions", "report", "--by", "project", "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.rows).toEqual([
      expect.objectContaining({ key: home.workDir, sessions: 1, total_tokens: 1010, prompt_tokens: 1000 }),
    ]);
    expect((await agenix(["sessions", "report", "--by", "week"])).stderr).toBe(
      'Error: Invalid --by: "week". Use day, model or project.\n',
    );
  });
});

describe("agenix sessions import", () => {
  /** The fixtures, with their working directories pointed at the temp HOME's project. */
  function stagedFixtures(): string {
    const dir = path.join(home.home, "incoming");
    cpSync(path.join(repoRoot, "test/fixtures/import"), dir, { recursive: true });
    const walk = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)],
      );
    for (const file of walk(dir)) {
      writeFileSync(file, readFileSync(file, "utf8").replace(/\/home\/dev\/[a-z]+/g, home.workDir));
    }
    return dir;
  }

  it("imports a folder with a summary, is idempotent, and the sessions continue against the strict server", async () => {
    const dir = stagedFixtures();
    const first = await agenix(["sessions", "import", dir]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /^Imported 10, skipped 1 \(1 not transcripts\), failed 0; \d+ unusable line\(s\) skipped\.\n$/m,
    );
    const again = await agenix(["sessions", "import", dir]);
    expect(again.stdout).toMatch(/^Imported 0, skipped 11 \(1 not transcripts\), failed 0\.\n$/m);

    const list = JSON.parse((await agenix(["sessions", "list", "--json"])).stdout);
    const byAgent = (agent: string) =>
      list.filter(
        (s: { metadata: { imported_from?: { agent: string } } }) => s.metadata.imported_from?.agent === agent,
      );
    const claude = byAgent("claude-code").find(
      (s: { metadata: { name?: string } }) => s.metadata.name === "Fix the flaky login test",
    );
    server.push({
      text: "Use waitFor instead of sleep.",
      usage: { prompt_tokens: 50, completion_tokens: 8 },
    });
    const anthropicEnv = {
      ...home.env,
      ANTHROPIC_BASE_URL: server.url,
      ANTHROPIC_API_KEY: "sk-ant-test-key",
    };
    const cont = await agenix(["--session", claude.id, "How do I fix it?"], anthropicEnv);
    expect(cont.code, cont.stderr).toBe(0);
    expect(cont.stdout).toBe("Use waitFor instead of sleep.\n");
    expect(server.rejections).toEqual([]);
    const sent = server.requests.at(-1)!;
    expect(sent.api).toBe("anthropic");
    expect(sent.body.messages.length).toBeGreaterThanOrEqual(5);

    for (const agent of ["codex", "pi", "gemini", "agenix-py"]) {
      for (const s of byAgent(agent)) {
        server.push({ text: `continued ${agent}` });
        const env = s.model.startsWith("claude") ? anthropicEnv : openaiEnv(home, server);
        const run = await agenix(["--session", s.id, "go on"], env);
        expect(run.code, `${agent} ${s.id}: ${run.stderr}`).toBe(0);
        expect(server.rejections, agent).toEqual([]);
      }
    }
  }, 120_000);

  it("a folder is prepared in worker threads: the same files, in the same order, as in one thread", async () => {
    const dir = stagedFixtures();
    // Many transcripts in flight at once, one duplicate of an earlier one (same session id: skipped
    // by whichever comes second in file order) and an empty one.
    const claude = { name: "basic.jsonl" };
    const claudeFile = path.join(dir, "claude-code", claude.name);
    const text = readFileSync(claudeFile, "utf8");
    for (let i = 0; i < 24; i++) {
      const copy = path.join(dir, "many", `0000000${i}-aaaa-4bbb-8ccc-${String(i).padStart(12, "0")}.jsonl`);
      mkdirSync(path.dirname(copy), { recursive: true });
      writeFileSync(copy, text);
    }
    mkdirSync(path.join(dir, "zz-duplicate"));
    cpSync(claudeFile, path.join(dir, "zz-duplicate", claude.name));
    writeFileSync(path.join(dir, "many", "empty.jsonl"), "");

    const run = await agenix(["sessions", "import", dir]);
    expect(run.code, run.stderr).toBe(0);
    const oneThread = path.join(home.home, "one-thread");
    const outcome = await importTranscripts(new SessionManager({ dir: oneThread }), dir, {
      from: "auto",
      fallbackDir: home.workDir,
    });
    expect(outcome.imported.length).toBeGreaterThan(30);
    const original = outcome.imported.find((i) => i.path === claudeFile);
    expect(outcome.skipped).toContainEqual({
      path: path.join(dir, "zz-duplicate", claude.name),
      reason: `already imported as ${original?.id}`,
    });
    expect(run.stdout).toContain(
      outcome.imported.map((i) => `Imported ${i.agent} ${i.path} as ${i.id}\n`).join(""),
    );
    const files = (root: string) =>
      (readdirSync(root, { recursive: true }) as string[])
        .filter((f) => f.endsWith(".json") && !f.includes(".index"))
        .sort();
    expect(files(home.sessionDir)).toEqual(files(oneThread));
    for (const file of files(oneThread)) {
      expect(readFileSync(path.join(home.sessionDir, file), "utf8"), file).toBe(
        readFileSync(path.join(oneThread, file), "utf8"),
      );
    }
  }, 120_000);

  it("--from <agent> without a path reads that agent's default location; a missing one is an error", async () => {
    const dir = stagedFixtures();
    cpSync(path.join(dir, "codex"), path.join(home.home, ".codex", "sessions"), { recursive: true });
    const run = await agenix(["sessions", "import", "--from", "codex"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Imported 3, skipped 0, failed 0/);
    const missing = await agenix(["sessions", "import", "--from", "pi"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `Error: No pi transcripts found: ${path.join(home.home, ".pi/agent/sessions")} does not exist.\n`,
    );
    const unknown = await agenix(["sessions", "import", "--from", "cursor", dir]);
    expect(unknown.stderr).toMatch(/^Error: Unknown --from: "cursor"/);
  });
});

// The end-to-end session suite through the built binary, once per store: print mode, --session,
// -c, and every `agenix sessions` subcommand behave the same on files and on PostgreSQL.
import { cpSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeTempHome, repoRoot, runAgenix, type TempHome } from "../support/cli.js";
import { type LlmServer, startLlmServer } from "../support/llm-server.js";
import { makeStore, STORE_KINDS, type StoreUnderTest } from "./stores.js";

describe.each(STORE_KINDS)("the CLI on the %s store", (kind) => {
  let home: TempHome;
  let server: LlmServer;
  let store: StoreUnderTest;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    home = await makeTempHome();
    server = await startLlmServer();
    store = await makeStore(kind);
    env = {
      ...home.env,
      ...store.env,
      OPENAI_BASE_URL: server.openaiBaseUrl,
      OPENAI_API_KEY: "sk-test-key-123",
    };
  });
  afterEach(async () => {
    await server.close();
    await store.cleanup();
    await home.cleanup();
  });

  const agenix = (...args: string[]) => runAgenix(args, { cwd: home.workDir, env });
  const idOf = (stderr: string) => /Session: (\S+) {2}\(resume/.exec(stderr)?.[1] ?? "";

  it("print mode saves the conversation; --session and -c continue it with the full history", async () => {
    server.push(
      { text: "I'll check...", toolCalls: [{ id: "call_1", name: "bash", arguments: { command: "ls" } }] },
      { text: "You have no files." },
      { text: "Second answer." },
      { text: "Third answer." },
    );
    const first = await agenix("What files are here?");
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("You have no files.");
    const id = idOf(first.stderr);
    expect(id).toMatch(/^\d{8}_\d{6}/);

    const second = await agenix("--session", id, "and now?");
    expect(second.code, second.stderr).toBe(0);
    const third = await agenix("-c", "once more");
    expect(third.code, third.stderr).toBe(0);
    expect(idOf(third.stderr)).toBe(id);
    // The last request carried the whole conversation, accepted by the strict server.
    const last = server.requests.at(-1)?.body;
    expect(last.messages.filter((m: { role: string }) => m.role === "user")).toHaveLength(3);
    expect(server.rejections).toEqual([]);

    const show = await agenix("sessions", "show", id, "--json");
    const data = JSON.parse(show.stdout);
    expect(data.messages.map((m: { role: string }) => m.role)).toEqual([
      "user",
      "assistant",
      "tool",
      "assistant",
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
    const list = await agenix("sessions", "list");
    expect(list.stdout).toContain(id);
    expect(list.stdout).toContain("What files are here?");
  });

  it("every sessions subcommand works: rename, tag, stats, cost, export, import, path, delete, prune", async () => {
    server.push({ text: "hello there", usage: { prompt_tokens: 10, completion_tokens: 5 } });
    const run = await agenix("hi with ghp_abcdefghijklmnopqrstuvwxyz0123456789");
    const id = idOf(run.stderr);
    expect((await agenix("sessions", "rename", id, "My name")).code).toBe(0);
    expect((await agenix("sessions", "tag", id, "alpha", "beta")).code).toBe(0);
    const list = await agenix("sessions", "list", "--json");
    expect(JSON.parse(list.stdout)[0]).toMatchObject({
      id,
      metadata: { name: "My name", tags: ["alpha", "beta"] },
    });
    const stats = await agenix("sessions", "stats", id, "--json");
    expect(JSON.parse(stats.stdout)).toMatchObject({ total_messages: 2, usage: { total_tokens: 15 } });
    expect((await agenix("sessions", "cost", id)).code).toBe(0);
    const exported = path.join(home.workDir, `${id}.json`);
    const exp = await agenix("sessions", "export", id, "-o", exported, "--redact");
    expect(exp.code, exp.stderr).toBe(0);
    const imp = await agenix("sessions", "import", exported);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toContain(`${id}_2`);
    const where = await agenix("sessions", "path", id);
    expect(where.stdout).toMatch(
      kind === "files" ? /\.json\n$/ : /^postgres:\/\/127\.0\.0\.1:\d+\/agenix_test_\w+\?session=/,
    );
    expect(where.stdout).not.toContain("postgres@");
    const del = await agenix("sessions", "delete", id, "--yes");
    expect(del.code, del.stderr).toBe(0);
    // A redacted export carries a placeholder working_dir, so the import lives under it.
    const after = await agenix("sessions", "list", "--all", "--json");
    expect(JSON.parse(after.stdout).map((s: { id: string }) => s.id)).toEqual([`${id}_2`]);
    const prune = await agenix("sessions", "prune", "--older-than", "0d", "--all");
    expect(prune.code, prune.stderr).toBe(0);
    expect(JSON.parse((await agenix("sessions", "list", "--all", "--json")).stdout)).toEqual([]);
  });

  it("sessions search finds words, phrases and names, with role filters (PostgreSQL: full-text search)", async () => {
    server.push({ text: "The flux capacitor needs 1.21 gigawatts." }, { text: "Nothing about that here." });
    const first = idOf((await agenix("tell me about the flux capacitor")).stderr);
    const second = idOf((await agenix("what is the weather")).stderr);
    await agenix("sessions", "rename", second, "Weather capacitor notes");
    const words = JSON.parse((await agenix("sessions", "search", "capacitor", "--json")).stdout);
    expect(
      words.map((h: { id: string; message_index: number | null }) => [h.id, h.message_index]).sort(),
    ).toEqual(
      [
        [first, 0],
        [first, 1],
        [second, null],
      ].sort(),
    );
    const phrase = JSON.parse(
      (await agenix("sessions", "search", '"flux capacitor"', "--role", "assistant", "--json")).stdout,
    );
    expect(phrase).toHaveLength(1);
    expect(phrase[0]).toMatchObject({ id: first, message_index: 1, role: "assistant" });
    expect(phrase[0].snippet).toContain("flux capacitor");
    const none = await agenix("sessions", "search", "gigawatts", "--role", "user");
    expect(none.stdout).toBe("No matches.\n");
  });

  it("a missing session gives the spec's error and exit 1", async () => {
    const run = await agenix("--session", "20240101_120000", "hi");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Session not found: 20240101_120000");
  });

  it("imports another agent's transcripts and reports their tokens", async () => {
    const dir = path.join(home.home, "claude-projects");
    cpSync(path.join(repoRoot, "test/fixtures/import/claude-code"), dir, { recursive: true });
    const run = await agenix("sessions", "import", dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Imported 3, skipped 1 \(1 not transcripts\), failed 0/m);
    const listed = JSON.parse((await agenix("sessions", "list", "--all", "--json")).stdout);
    expect(listed.map((s: { metadata: { name?: string } }) => s.metadata.name)).toContain(
      "Fix the flaky login test",
    );
    const again = await agenix("sessions", "import", dir);
    expect(again.stdout).toMatch(/^Imported 0, skipped 4/m);
    const report = JSON.parse((await agenix("sessions", "report", "--all", "--json")).stdout);
    expect(report.skipped).toEqual([]);
    expect(report.total).toMatchObject({
      sessions: 3,
      messages: 6,
      prompt_tokens: 27_072,
      completion_tokens: 510,
    });
  });

  it("imports a hand-written spec file and continues it against the strict server", async () => {
    const file = path.join(home.workDir, "20240101_120000.json");
    writeFileSync(
      file,
      JSON.stringify({
        id: "20240101_120000",
        working_dir: home.workDir,
        model: "gpt-4o",
        created_at: "2024-01-01T12:00:00Z",
        updated_at: "2024-01-01T12:15:30Z",
        metadata: { name: "Imported" },
        messages: [{ role: "user", content: "What files?", timestamp: "2024-01-01T12:00:00Z" }],
      }),
    );
    expect((await agenix("sessions", "import", file)).code).toBe(0);
    server.push({ text: "continued" });
    const run = await agenix("--session", "20240101_120000", "go on");
    expect(run.code, run.stderr).toBe(0);
    expect(server.rejections).toEqual([]);
  });
});

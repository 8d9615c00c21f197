// Every `agenix sessions` subcommand through the real binary in a temp HOME (run `npm run build` first).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionManager } from "../../src/sessions/manager.js";
import { makeTempHome, runAgenix, type TempHome } from "../support/cli.js";

let home: TempHome;
let manager: SessionManager;
let id: string;
const run = (args: string[], input?: string) =>
  runAgenix(["sessions", ...args], { cwd: home.workDir, env: home.env, input });

beforeAll(async () => {
  home = await makeTempHome();
  manager = new SessionManager({ dir: home.sessionDir });
});
afterAll(() => home.cleanup());

describe("agenix sessions", () => {
  it("list says how to start when there are no sessions", async () => {
    const result = await run(["list"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^No sessions for .* yet\. Start one with: agenix "your message"/);
  });

  it("list, show, path, rename, tag", async () => {
    const data = await manager.createSessionData({ workingDir: home.workDir, model: "gpt-4o" });
    id = data.id;
    data.messages.push(
      { role: "user", content: "What files are in this directory?", timestamp: "2024-01-01T12:00:00Z" },
      {
        role: "assistant",
        content: [{ type: "text", text: "I'll check..." }],
        tool_calls: [{ id: "call_123", name: "bash", arguments: { command: "ls -la" } }],
        model: "gpt-4o",
        usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
        timestamp: "2024-01-01T12:00:01Z",
      },
      {
        role: "tool",
        tool_call_id: "call_123",
        name: "bash",
        content: "file1.py\n",
        is_error: false,
        timestamp: "2024-01-01T12:00:02Z",
      },
    );
    await manager.saveSession(data);

    expect((await run(["rename", id, "Refactoring auth"])).stdout).toBe(
      `Renamed ${id} to "Refactoring auth"\n`,
    );
    expect((await run(["tag", id, "python", "auth"])).stdout).toBe(`Tags of ${id}: python, auth\n`);
    expect((await run(["tag", id, "auth", "--remove"])).stdout).toBe(`Tags of ${id}: python\n`);

    const list = await run(["list"]);
    expect(list.stdout).toBe(
      `Available sessions:\n• ${id} - ${data.created_at}  Refactoring auth  [python]  (3 messages)\n`,
    );
    const json = JSON.parse((await run(["list", "--json"])).stdout);
    expect(json[0]).toMatchObject({
      id,
      message_count: 3,
      metadata: { name: "Refactoring auth", tags: ["python"] },
    });
    // --working-dir (before or after the subcommand) picks the directory; --all shows every one.
    expect(
      (await runAgenix(["sessions", "list", "--working-dir", home.workDir], { cwd: "/", env: home.env }))
        .stdout,
    ).toContain(`• ${id} - `);
    expect((await runAgenix(["sessions", "list", "--all"], { cwd: "/", env: home.env })).stdout).toContain(
      home.workDir,
    );

    const show = await run(["show", id]);
    expect(show.stdout).toContain("── user  2024-01-01T12:00:00Z\nWhat files are in this directory?");
    expect(show.stdout).toContain('⏺ bash(command: "ls -la")');
    const file = (await run(["path", id])).stdout.trim();
    expect(file).toBe(
      path.join(home.sessionDir, manager.folderFor(home.workDir).split("/").pop()!, `${id}.json`),
    );
    expect((await run(["show", id, "--json"])).stdout).toBe(readFileSync(file, "utf8"));
  });

  it("export to stdout and to a 0600 file; import keeps the name or takes _2", async () => {
    const exported = await run(["export", id]);
    expect(JSON.parse(exported.stdout).id).toBe(id);
    const out = path.join(home.home, "exported_session.json");
    const toFile = await run(["export", id, "-o", out]);
    expect(toFile.code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);

    const first = await run(["import", out]);
    expect(first.stdout).toMatch(/^Imported session exported_session: .*exported_session\.json\n$/);
    const other = path.join(home.home, "elsewhere");
    const second = await runAgenix(["sessions", "import", out, "--working-dir", other], {
      cwd: home.workDir,
      env: home.env,
    });
    expect(second.stdout).toMatch(/^Imported session exported_session_2: /);
    const loaded = JSON.parse((await run(["show", "exported_session_2", "--json"])).stdout);
    expect(loaded.working_dir).toBe(other);
  });

  it("stats and cost print text and JSON", async () => {
    const stats = await run(["stats", id, "--json"]);
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({ total_messages: 3, user_messages: 1, tool_calls: 1 });
    expect((await run(["stats", id])).code).toBe(0);
    const cost = await run(["cost", id, "--json"]);
    expect(cost.code, cost.stderr).toBe(0);
    expect(JSON.parse(cost.stdout)).toBeTypeOf("object");
    expect((await run(["cost", id])).code).toBe(0);
  });

  it("export --redact reports the count on stderr", async () => {
    const result = await run(["export", id, "--redact"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^Redacted \d+ secrets?\n$/);
    expect(JSON.parse(result.stdout).working_dir).toBe("/project");
  });

  it("repair salvages a truncated file and keeps a backup", async () => {
    const file = (await run(["path", id])).stdout.trim();
    const full = readFileSync(file);
    writeFileSync(file, full.subarray(0, full.length - 60));
    const result = await run(["repair", id]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^Repaired .*: kept 3 messages \(1 interrupted tool call\(s\) closed\)\.\nThe original is kept as .*\.json\.bak-\d{8}_\d{6}\n$/,
    );
    expect(readdirSync(path.dirname(file)).some((n) => n.startsWith(`${id}.json.bak-`))).toBe(true);
    expect((await run(["repair", id])).stdout).toMatch(/is valid; nothing to repair/);
  });

  it("errors: not found, invalid id, corrupted file, bad age; exit 1", async () => {
    const missing = await run(["show", "20990101_000000"]);
    expect([missing.code, missing.stderr]).toEqual([1, "Error: Session not found: 20990101_000000\n"]);
    const hostile = await run(["show", "../../etc/passwd"]);
    expect(hostile.code).toBe(1);
    expect(hostile.stderr).toMatch(/^Error: Invalid session id: /);
    const broken = path.join(manager.folderFor(home.workDir), "broken.json");
    writeFileSync(broken, '{"id": ');
    const corrupted = await run(["show", "broken"]);
    expect(corrupted.code).toBe(1);
    expect(corrupted.stderr).toMatch(new RegExp(`^Error: Failed to load session: ${broken}: invalid JSON`));
    expect(corrupted.stderr).toContain("; run: agenix sessions repair broken\n");
    const noId = await run(["show"]);
    expect(noId.code).toBe(2);
    expect(noId.stderr).toContain("see agenix sessions show --help");
    const age = await run(["prune", "--older-than", "soon"]);
    expect(age.code).toBe(2);
    expect(age.stderr).toMatch(/^Error: Invalid age/);
  });

  it("delete refuses without a terminal or --yes; prune --dry-run then prune", async () => {
    const refused = await run(["delete", "exported_session"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Pass --yes/);
    const deleted = await run(["delete", "exported_session", "--yes"]);
    expect(deleted.stdout).toMatch(/^Deleted exported_session /);
    expect((await run(["show", "exported_session"])).code).toBe(1);

    const old = await manager.createSessionData({ workingDir: home.workDir, model: "gpt-4o" });
    old.updated_at = "2020-01-01T00:00:00Z";
    await manager.saveSession(old, { keepUpdatedAt: true });
    const dry = await run(["prune", "--older-than", "30d", "--dry-run"]);
    expect(dry.stdout).toBe(`Would delete 1 session:\n• ${old.id} - ${old.created_at}  (0 messages)\n`);
    const pruned = await run(["prune", "--older-than", "30d"]);
    expect(pruned.stdout).toBe("Deleted 1 session older than 30d.\n");
    expect(existsSync(path.join(manager.folderFor(home.workDir), `${old.id}.json`))).toBe(false);
    expect((await run(["show", id])).code).toBe(0);
  });
});

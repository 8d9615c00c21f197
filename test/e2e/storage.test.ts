// Issue 8, storage, through the built binary: sessions that vanished from the list, copies left
// behind, symlinked working directories, AGENIX_SESSION_DIR mistakes, locks and repair.
import { execFileSync, spawnSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAgenix, type TempHome } from "../support/cli.js";
import { withHomeAndServer } from "../support/hooks.js";
import type { LlmServer } from "../support/llm-server.js";
import { openaiEnv, readSession, sessionFiles, sessionIdFrom } from "./helpers.js";

let home: TempHome;
let server: LlmServer;
withHomeAndServer((h, s) => {
  home = h;
  server = s;
});

/** The session folder of the temp project (what agenix names it). */
const projectFolder = () => path.join(home.sessionDir, home.workDir.replace(/^\//, "").replace(/\//g, "_"));

/** Writes a session file the way Python's json.dump would, with the given options. */
function writeWithPython(file: string, session: object, options: { sortKeys?: boolean; bom?: boolean }) {
  mkdirSync(path.dirname(file), { recursive: true });
  const script = [
    "import json, sys",
    "data = json.loads(sys.stdin.read())",
    `text = json.dumps(data, indent=2, sort_keys=${options.sortKeys ? "True" : "False"})`,
    `open(sys.argv[1], 'w', encoding='${options.bom ? "utf-8-sig" : "utf-8"}').write(text)`,
  ].join("\n");
  const run = spawnSync("python3", ["-c", script, file], { input: JSON.stringify(session) });
  expect(run.status, String(run.stderr)).toBe(0);
}

function sessionJson(id: string, updatedAt: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    working_dir: home.workDir,
    model: "gpt-4o",
    created_at: "2024-01-01T12:00:00Z",
    updated_at: updatedAt,
    metadata: { name: null, tags: null },
    messages: [
      { role: "user", content: `hello from ${id}`, timestamp: "2024-01-01T12:00:00Z" },
      {
        role: "assistant",
        content: [{ type: "text", text: "hi" }],
        tool_calls: null,
        usage: null,
        timestamp: "2024-01-01T12:00:01Z",
      },
    ],
    ...extra,
  };
}

describe("sessions that vanished from the list", () => {
  it("sort_keys=True, a BOM and null optional fields: listed, shown, continued with -c, not damaged by repair", async () => {
    const folder = projectFolder();
    writeWithPython(
      path.join(folder, "20240101_120000.json"),
      sessionJson("20240101_120000", "2024-01-02T00:00:00Z"),
      {},
    );
    writeWithPython(path.join(folder, "sorted.json"), sessionJson("sorted", "2024-03-01T00:00:00Z"), {
      sortKeys: true,
    });
    writeWithPython(path.join(folder, "bom.json"), sessionJson("bom", "2024-02-01T00:00:00Z"), { bom: true });

    const list = await runAgenix(["sessions", "list", "--json"], { cwd: home.workDir, env: home.env });
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).map((s: { id: string }) => s.id)).toEqual([
      "sorted",
      "bom",
      "20240101_120000",
    ]);

    const show = await runAgenix(["sessions", "show", "bom"], { cwd: home.workDir, env: home.env });
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain("hello from bom");

    const repair = await runAgenix(["sessions", "repair", "20240101_120000"], {
      cwd: home.workDir,
      env: home.env,
    });
    expect(repair.stdout).toContain("is valid; nothing to repair (2 messages)");

    server.push({ text: "continued" });
    const cont = await runAgenix(["-c", "next"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(cont.code, cont.stderr).toBe(0);
    expect(sessionIdFrom(cont.stderr)).toBe("sorted");
    expect(readSession(path.join(folder, "sorted.json")).messages).toHaveLength(4);
  });
});

describe("copies left behind", () => {
  it("delete and prune remove the .bak-* backups too, and say so", async () => {
    const folder = projectFolder();
    writeWithPython(path.join(folder, "old1.json"), sessionJson("old1", "2020-01-01T00:00:00Z"), {});
    writeWithPython(path.join(folder, "old2.json"), sessionJson("old2", "2020-01-01T00:00:00Z"), {});
    writeFileSync(path.join(folder, "old1.json.bak-20200101_000000"), "a copy with secrets");
    writeFileSync(path.join(folder, "old2.json.bak-20200101_000000"), "a copy with secrets");
    writeFileSync(path.join(folder, "old2.json.bak-20200101_000000_2"), "a copy with secrets");

    const del = await runAgenix(["sessions", "delete", "--yes", "old1"], {
      cwd: home.workDir,
      env: home.env,
    });
    expect(del.code, del.stderr).toBe(0);
    expect(del.stdout).toContain("and 1 backup (.bak-* copies)");
    const prune = await runAgenix(["sessions", "prune", "--older-than", "30d"], {
      cwd: home.workDir,
      env: home.env,
    });
    expect(prune.code, prune.stderr).toBe(0);
    expect(prune.stdout).toBe("Deleted 1 session older than 30d and 2 backups (.bak-* copies).\n");
    expect(readdirSync(folder).filter((n) => n.includes("old"))).toEqual([]);
  });

  it("stale temp files from a kill during a rewrite are swept when the folder is listed; fresh ones stay", async () => {
    const folder = projectFolder();
    writeWithPython(path.join(folder, "s.json"), sessionJson("s", "2024-01-01T00:00:00Z"), {});
    const stale = path.join(folder, ".s.json.tmp-999999-0a1b2c3d");
    const fresh = path.join(folder, ".s.json.tmp-999998-0a1b2c3d");
    writeFileSync(stale, "half a session");
    writeFileSync(fresh, "a rewrite in progress");
    const hourAgo = new Date(Date.now() - 3600_000);
    utimesSync(stale, hourAgo, hourAgo);
    const list = await runAgenix(["sessions", "list"], { cwd: home.workDir, env: home.env });
    expect(list.code, list.stderr).toBe(0);
    expect(readdirSync(folder).filter((n) => n.includes(".tmp-"))).toEqual([path.basename(fresh)]);
  });

  it("a session file copied in by hand (0644) becomes 0600 with agenix's first write", async () => {
    server.push({ text: "first" });
    const first = await runAgenix(["hi"], { cwd: home.workDir, env: openaiEnv(home, server) });
    const id = sessionIdFrom(first.stderr);
    const file = sessionFiles(home)[0] as string;
    chmodSync(file, 0o644);
    server.push({ text: "second" });
    const second = await runAgenix(["--session", id, "again"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(second.code, second.stderr).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readSession(file).messages).toHaveLength(4);
  });
});

describe("one folder per directory; AGENIX_SESSION_DIR mistakes", () => {
  it("cd into a symlink and --working-dir through it map to one session folder", async () => {
    const link = path.join(home.home, "link-to-project");
    symlinkSync(home.workDir, link);
    server.push({ text: "one" }, { text: "two" });
    const a = await runAgenix(["one"], { cwd: link, env: openaiEnv(home, server) });
    const b = await runAgenix(["--working-dir", link, "two"], {
      cwd: home.home,
      env: openaiEnv(home, server),
    });
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(readdirSync(home.sessionDir)).toEqual([path.basename(projectFolder())]);
    expect(sessionFiles(home).map((f) => readSession(f).working_dir)).toEqual([home.workDir, home.workDir]);
  });

  it("a relative AGENIX_SESSION_DIR is taken from the current directory; a literal ~ means HOME", async () => {
    server.push({ text: "rel" }, { text: "tilde" });
    const rel = await runAgenix(["rel"], {
      cwd: home.workDir,
      env: { ...openaiEnv(home, server), AGENIX_SESSION_DIR: "my-sessions" },
    });
    expect(rel.code, rel.stderr).toBe(0);
    expect(readdirSync(path.join(home.workDir, "my-sessions"))).toHaveLength(1);
    const tilde = await runAgenix(["tilde"], {
      cwd: home.workDir,
      env: { ...openaiEnv(home, server), AGENIX_SESSION_DIR: "~/tilde-sessions" },
    });
    expect(tilde.code, tilde.stderr).toBe(0);
    expect(readdirSync(path.join(home.home, "tilde-sessions"))).toHaveLength(1);
    expect(readdirSync(home.workDir)).not.toContain("~");
  });

  it("an AGENIX_SESSION_DIR that is a file is refused before the model is called, with a non-zero exit", async () => {
    const file = path.join(home.home, "not-a-dir");
    writeFileSync(file, "");
    server.push({ text: "never" });
    const run = await runAgenix(["hi"], {
      cwd: home.workDir,
      env: { ...openaiEnv(home, server), AGENIX_SESSION_DIR: file },
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toBe(
      `Error: The sessions directory ${file} (AGENIX_SESSION_DIR=${file}) is a file, not a directory. Point AGENIX_SESSION_DIR to a directory.\n`,
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe("edits by other programs", () => {
  it("a session file edited by another program mid-run is kept as a backup, and agenix says so", async () => {
    const script = path.join(home.home, "edit.py");
    writeFileSync(
      script,
      [
        "import glob, json, os",
        `for f in glob.glob(os.path.join(${JSON.stringify(home.sessionDir)}, '*', '*.json')):`,
        "    data = json.load(open(f))",
        "    data['metadata']['name'] = 'edited by python'",
        "    json.dump(data, open(f, 'w'), indent=2)",
      ].join("\n"),
    );
    server.push(
      { text: "", toolCalls: [{ name: "bash", arguments: { command: `python3 ${script}` } }] },
      { text: "done" },
    );
    // --yolo: the model's python3 command is what edits the file (print mode would refuse to run it).
    const run = await runAgenix(["edit it", "--yolo"], { cwd: home.workDir, env: openaiEnv(home, server) });
    expect(run.code, run.stderr).toBe(0);
    const warning =
      /Warning: (\S+) was changed by another program since agenix read it; agenix saved its own copy and kept the changed file as (\S+\.bak-\d{8}_\d{6}(?:_\d+)?)\n/.exec(
        run.stderr,
      );
    expect(warning, run.stderr).not.toBeNull();
    const backup = warning?.[2] as string;
    expect(readSession(backup).metadata.name).toBe("edited by python");
    expect(readSession(warning?.[1] as string).messages).toHaveLength(4);
  });
});

describe("loading, locks and repair", () => {
  it("resuming on a full disk (64 KB tmpfs): a clear error, no lock file left, or a printed reason to skip", async (ctx) => {
    const mount = path.join(home.home, "tiny");
    mkdirSync(mount);
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mount], { stdio: "pipe" });
    } catch (error) {
      const reason = String((error as { stderr?: Buffer }).stderr ?? error).trim();
      console.log(`[e2e/storage] full-disk resume skipped: cannot mount tmpfs here (${reason})`);
      ctx.skip();
      return;
    }
    try {
      const env = { ...openaiEnv(home, server), AGENIX_SESSION_DIR: path.join(mount, "sessions") };
      server.push({ text: "first" });
      const first = await runAgenix(["hi"], { cwd: home.workDir, env });
      expect(first.code, first.stderr).toBe(0);
      const id = sessionIdFrom(first.stderr);
      try {
        writeFileSync(path.join(mount, "filler"), Buffer.alloc(256 * 1024));
      } catch (error) {
        expect((error as NodeJS.ErrnoException).code).toBe("ENOSPC");
      }
      server.push({ text: "never" });
      const resumed = await runAgenix(["--session", id, "again"], { cwd: home.workDir, env });
      expect(resumed.code).toBe(1);
      expect(resumed.stderr).toMatch(
        /^Error: Failed to save session: \S+\.json\.lock: could not create the session's lock file: the disk is full; free some space \(ENOSPC\)\n$/,
      );
      const folder = path.dirname(
        sessionFiles({ ...home, sessionDir: path.join(mount, "sessions") })[0] as string,
      );
      expect(readdirSync(folder).filter((n) => n.includes(".lock"))).toEqual([]);
      expect(server.requests).toHaveLength(1);
    } finally {
      execFileSync("umount", [mount]);
    }
  });

  it("invalid JSON: the error ends with the repair command", async () => {
    const folder = projectFolder();
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, "broken.json"), '{"id": "broken",, }');
    const run = await runAgenix(["--session", "broken", "hi"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^Error: Failed to load session: .*broken\.json: invalid JSON.*; run: agenix sessions repair broken\n$/,
    );
  });

  it("sessions unlock removes a dead holder's lock; a lock of another host names it in the error", async () => {
    server.push({ text: "first" });
    const first = await runAgenix(["hi"], { cwd: home.workDir, env: openaiEnv(home, server) });
    const id = sessionIdFrom(first.stderr);
    const lock = `${sessionFiles(home)[0]}.lock`;
    writeFileSync(
      lock,
      JSON.stringify({ pid: 4242, hostname: "ci-runner-7", boot_id: "another-kernel", token: "t" }),
    );
    const blocked = await runAgenix(["--session", id, "again"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toBe(
      `Error: Session ${id} is in use by another agenix process (pid 4242 on host ci-runner-7; lock file ${lock}). ` +
        `Wait for it to finish, or start a new session. If no agenix is using it any more, run: agenix sessions unlock ${id}\n`,
    );
    const unlock = await runAgenix(["sessions", "unlock", id], { cwd: home.workDir, env: home.env });
    expect(unlock.code, unlock.stderr).toBe(0);
    expect(unlock.stdout).toBe(
      `Removed the lock of session ${id}: ${lock} (it named pid 4242 on host ci-runner-7, which this machine cannot check)\n`,
    );
    // An older agenix's lock (no boot id, no token) from another host: named, never "this process".
    writeFileSync(lock, JSON.stringify({ pid: 1, hostname: "elsewhere" }));
    const older = await runAgenix(["--session", id, "again"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(older.stderr).toContain(
      `in use by another agenix process (pid 1 on host elsewhere; lock file ${lock})`,
    );
    await runAgenix(["sessions", "unlock", id], { cwd: home.workDir, env: home.env });
    const again = await runAgenix(["sessions", "unlock", id], { cwd: home.workDir, env: home.env });
    expect(again.stdout).toBe(`Session ${id} is not locked.\n`);

    // A live holder on this host (the test process itself stands in for it): unlock refuses.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, hostname: hostname(), token: "t" }));
    const refused = await runAgenix(["sessions", "unlock", id], { cwd: home.workDir, env: home.env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `is in use by another agenix process (pid ${process.pid} on host ${hostname()}`,
    );
    expect(readFileSync(lock, "utf8")).toContain(String(process.pid));
  });

  it("two tool calls with one id (a local server's bug) get distinct ids; Anthropic accepts the next request", async () => {
    server.push(
      {
        text: "",
        toolCalls: [
          { id: "toolu_dup", name: "bash", arguments: { command: "echo a" } },
          { id: "toolu_dup", name: "bash", arguments: { command: "echo b" } },
        ],
      },
      { text: "both ran" },
    );
    const env = { ...home.env, ANTHROPIC_BASE_URL: server.url, ANTHROPIC_API_KEY: "sk-ant-test" };
    const run = await runAgenix(["--model", "claude-3-5-sonnet-latest", "run both"], {
      cwd: home.workDir,
      env,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("both ran");
    expect(server.rejections).toEqual([]);
    const messages = readSession(sessionFiles(home)[0] as string).messages;
    expect(messages[1].tool_calls.map((c: { id: string }) => c.id)).toEqual(["toolu_dup", "toolu_dup_2"]);
    expect(messages.slice(2, 4).map((m: { tool_call_id: string }) => m.tool_call_id)).toEqual([
      "toolu_dup",
      "toolu_dup_2",
    ]);
  });

  it("repair fixes a history providers reject (a result before its call, a result for no call)", async () => {
    const folder = projectFolder();
    const session = sessionJson("mixed", "2024-01-01T00:00:00Z", {
      metadata: {},
      messages: [
        { role: "user", content: "go", timestamp: "2024-01-01T12:00:00Z" },
        {
          role: "tool",
          tool_call_id: "call_1",
          name: "bash",
          content: "early",
          timestamp: "2024-01-01T12:00:01Z",
        },
        {
          role: "assistant",
          content: [{ type: "text", text: "" }],
          tool_calls: [{ id: "call_1", name: "bash", arguments: { command: "ls" } }],
          timestamp: "2024-01-01T12:00:02Z",
        },
        {
          role: "tool",
          tool_call_id: "call_zzz",
          name: "bash",
          content: "orphan",
          timestamp: "2024-01-01T12:00:03Z",
        },
        { role: "assistant", content: [{ type: "text", text: "done" }], timestamp: "2024-01-01T12:00:04Z" },
      ],
    });
    writeWithPython(path.join(folder, "mixed.json"), session, {});
    server.push({ text: "never reached" });
    const before = await runAgenix(["--session", "mixed", "hi"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    // Refused by the provider (and the synthetic result agenix adds for call_1 is a second result).
    expect(before.code).not.toBe(0);
    expect(server.rejections).toHaveLength(1);
    const repair = await runAgenix(["sessions", "repair", "mixed"], { cwd: home.workDir, env: home.env });
    expect(repair.code, repair.stderr).toBe(0);
    expect(repair.stdout).toContain(
      "1 tool result(s) moved after their call; 2 tool result(s) dropped (no call of that id, or one already answered)",
    );
    const after = await runAgenix(["--session", "mixed", "hi"], {
      cwd: home.workDir,
      env: openaiEnv(home, server),
    });
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toContain("never reached");
  });
});

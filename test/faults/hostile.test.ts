// Hostile ids and paths: `../`, absolute paths, NUL bytes, 10,000-character ids and symlinks in the
// sessions directory pointing elsewhere. Every `sessions` subcommand and `--session` rejects or
// handles them, and nothing outside the sessions root is read into output, written or deleted.
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionManager } from "../../src/sessions/manager.js";
import { openaiEnv } from "../e2e/helpers.js";
import { makeTempHome, runAgenix, type TempHome } from "../support/cli.js";
import { type LlmServer, startLlmServer } from "../support/llm-server.js";
import { pool } from "./helpers.js";

const SECRET = "OUTSIDE-CANARY-7f3a";
const PARALLEL = 3;
let home: TempHome;
let server: LlmServer;
let outside: string;
let snapshot: Map<string, { bytes: Buffer; mtimeMs: number }>;
let outsideMtime = 0;
let ran = 0;

function sessionJson(id: string, workingDir: string): string {
  return `${JSON.stringify(
    {
      id,
      working_dir: workingDir,
      model: "gpt-4o",
      created_at: "2024-01-01T12:00:00Z",
      updated_at: "2024-01-01T12:00:00Z",
      metadata: {},
      messages: [{ role: "user", content: SECRET, timestamp: "2024-01-01T12:00:00Z" }],
    },
    null,
    2,
  )}\n`;
}

/** Every file and folder under `dir` with its bytes and mtime. */
function snap(dir: string, out = new Map<string, { bytes: Buffer; mtimeMs: number }>()) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    const stat = lstatSync(file);
    out.set(file, { bytes: stat.isFile() ? readFileSync(file) : Buffer.alloc(0), mtimeMs: stat.mtimeMs });
    if (stat.isDirectory()) snap(file, out);
  }
  return out;
}

function expectOutsideUntouched(label: string): void {
  const now = snap(outside);
  expect([...now.keys()].sort(), `${label}: files outside the root changed`).toEqual(
    [...snapshot.keys()].sort(),
  );
  for (const [file, before] of snapshot) {
    const after = now.get(file);
    expect(after?.bytes.equals(before.bytes), `${label}: ${file} changed`).toBe(true);
    expect(after?.mtimeMs, `${label}: ${file} mtime changed`).toBe(before.mtimeMs);
  }
  expect(statSync(outside).mtimeMs, `${label}: the outside folder changed`).toBe(outsideMtime);
}

beforeAll(async () => {
  home = await makeTempHome();
  server = await startLlmServer();
  outside = path.join(home.home, "outside");
  mkdirSync(path.join(outside, "sessions_folder"), { recursive: true });
  writeFileSync(path.join(outside, "canary.json"), sessionJson("canary", home.workDir), { mode: 0o600 });
  writeFileSync(path.join(outside, "x.json"), sessionJson("x", home.workDir), { mode: 0o600 });
  writeFileSync(
    path.join(outside, "sessions_folder", "20240101_000000.json"),
    sessionJson("20240101_000000", home.workDir),
  );
  // The sessions root holds a real folder for the project with a symlinked file, and a folder symlink.
  const manager = new SessionManager({ dir: home.sessionDir });
  const real = await manager.createSessionData({ workingDir: home.workDir, model: "gpt-4o" });
  const folder = path.dirname(await manager.sessionPath(real.id, { workingDir: home.workDir }));
  symlinkSync(path.join(outside, "canary.json"), path.join(folder, "20240102_000000.json"));
  symlinkSync(path.join(outside, "sessions_folder"), path.join(home.sessionDir, "linked_folder"));
  snapshot = snap(outside);
  outsideMtime = statSync(outside).mtimeMs;
});

afterAll(async () => {
  console.log(`[faults/hostile] ran ${ran} CLI invocations`);
  await server?.close();
  await home?.cleanup();
});

const HOSTILE_IDS = [
  "../outside/canary",
  "../../outside/x",
  "..",
  ".",
  "/etc/passwd",
  "", // empty
  "a/b",
  "..\\x",
  "x".repeat(10_000),
  "\u001b]52;c;aGk=\u0007",
];

function commandsFor(id: string): string[][] {
  return [
    ["sessions", "show", id],
    ["sessions", "show", id, "--json"],
    ["sessions", "path", id],
    ["sessions", "stats", id],
    ["sessions", "cost", id],
    ["sessions", "rename", id, "pwned"],
    ["sessions", "tag", id, "pwned"],
    ["sessions", "tag", id, "pwned", "--remove"],
    ["sessions", "export", id],
    ["sessions", "export", id, "--redact"],
    ["sessions", "delete", id, "--yes"],
    ["sessions", "repair", id],
    ["--session", id, "hello"],
  ];
}

async function expectRejected(args: string[], pattern: RegExp): Promise<void> {
  const run = await runAgenix(args, { cwd: home.workDir, env: openaiEnv(home, server) });
  ran++;
  const label = `agenix ${args.map((a) => JSON.stringify(a.slice(0, 40))).join(" ")}`;
  expect(run.code, `${label}: ${run.stderr}`).not.toBe(0);
  expect(run.stderr, label).toMatch(pattern);
  expect(run.stdout + run.stderr, `${label} printed the outside file`).not.toContain(SECRET);
  expectOutsideUntouched(label);
}

describe("hostile session ids", () => {
  it("every sessions subcommand and --session rejects ids that are paths, empty, too long or control", async () => {
    // Every command for the most dangerous shapes; the commands that read, write or delete for the rest.
    const full = new Set(["../outside/canary", "/etc/passwd", "x".repeat(10_000)]);
    const jobs = HOSTILE_IDS.flatMap((id) =>
      commandsFor(id)
        .filter((args) => full.has(id) || ["show", "delete", "repair", "hello"].some((c) => args.includes(c)))
        .map((args) => () => expectRejected(args, /^Error: (Invalid session id: |Session not found: )/m)),
    );
    await pool(PARALLEL, jobs);
    expect(server.requests).toEqual([]);
  }, 600_000);

  it("NUL bytes (which argv cannot carry) are rejected by the SDK's SessionManager", async () => {
    const manager = new SessionManager({ dir: home.sessionDir });
    const ids = ["canary\u0000", "../outside/canary\u0000.json", "\u0000"];
    for (const id of ids) {
      await expect(manager.loadSession(id, { workingDir: home.workDir })).rejects.toThrow(
        /Invalid session id/,
      );
      await expect(manager.deleteSession(id, { workingDir: home.workDir })).rejects.toThrow(
        /Invalid session id/,
      );
      await expect(manager.sessionPath(id)).rejects.toThrow(/Invalid session id/);
      await expect(manager.repairSession(id)).rejects.toThrow(/Invalid session id/);
      const data = await manager.createSessionData({ workingDir: home.workDir, model: "gpt-4o" });
      data.id = id;
      await expect(manager.saveSession(data)).rejects.toThrow(/Invalid session id/);
    }
    expectOutsideUntouched("SessionManager with NUL ids");
  });
});

describe("symlinks inside the sessions root", () => {
  it("a file symlink and a folder symlink pointing outside are never followed", async () => {
    const ids = ["20240102_000000", "20240101_000000"];
    await pool(
      PARALLEL,
      ids.flatMap((id) => commandsFor(id).map((args) => () => expectRejected(args, /^Error: /m))),
    );
    // Listing and pruning every folder do not follow them either.
    for (const args of [
      ["sessions", "list", "--all"],
      ["sessions", "list", "--all", "--json"],
      ["sessions", "prune", "--older-than", "1d", "--all", "--dry-run"],
      ["sessions", "prune", "--older-than", "1d", "--all"],
    ]) {
      const run = await runAgenix(args, { cwd: home.workDir, env: home.env });
      ran++;
      expect(run.stdout + run.stderr, args.join(" ")).not.toContain(SECRET);
      expect(run.stdout, args.join(" ")).not.toContain("20240101_000000");
      expectOutsideUntouched(args.join(" "));
    }
    expect(server.requests).toEqual([]);
  }, 600_000);

  it("import refuses an id field that is a path and files the session inside the root", async () => {
    const file = path.join(home.home, "incoming.json");
    writeFileSync(file, sessionJson("../../outside/evil", home.workDir).replace(SECRET, "imported"));
    const run = await runAgenix(["sessions", "import", file], { cwd: home.workDir, env: home.env });
    ran++;
    expect(run.code, run.stderr).toBe(0);
    const printed = /: (\/.+\.json)$/m.exec(run.stdout)?.[1] ?? "";
    expect(path.resolve(printed).startsWith(home.sessionDir + path.sep), run.stdout).toBe(true);
    expectOutsideUntouched("import");
  });
});

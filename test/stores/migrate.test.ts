// `agenix sessions migrate`: files -> PostgreSQL -> files gives back the same bytes, and running it
// again copies nothing.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SessionManager } from "../../src/sessions/manager.js";
import {
  assistantMessage,
  makeTempRoot,
  type TempRoot,
  toolMessage,
  userMessage,
} from "../sessions/helpers.js";
import { makeTempHome, runAgenix, type TempHome } from "../support/cli.js";
import { freshDatabase } from "../support/postgres.js";

describe("sessions migrate", () => {
  let home: TempHome;
  let root: TempRoot;
  let db: { url: string; drop: () => Promise<void> };
  beforeEach(async () => {
    home = await makeTempHome();
    root = makeTempRoot();
    db = await freshDatabase();
  });
  afterEach(async () => {
    await db.drop();
    await root.cleanup();
    await home.cleanup();
  });

  it("copies every session both ways with identical JSON, idempotently, never printing the URL", async () => {
    const files = new SessionManager({ dir: root.root });
    const made: { id: string; file: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const data = await files.createSessionData({
        workingDir: path.join(root.base, `project${i % 2}`),
        model: i % 2 ? "claude-sonnet-4-6" : "gpt-4o",
        metadata: { name: `session ${i} "quoted"`, tags: ["t"] },
        extra: { provider: i % 2 ? "anthropic" : "openai" },
      });
      data.messages.push(
        userMessage(`question ${i} 🎉`),
        assistantMessage("ok", `c${i}`),
        toolMessage(`c${i}`, "out"),
      );
      await files.saveSession(data);
      made.push({ id: data.id, file: await files.sessionPath(data.id, { workingDir: data.working_dir }) });
    }
    const env = { ...home.env, AGENIX_SESSION_DIR: root.root };
    const secretUrl = db.url.replace("postgres@", "postgres:hunter2@");
    const first = await runAgenix(["sessions", "migrate", "--to", secretUrl], { env, cwd: home.workDir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("Copied 5, already there 0, conflicts 0, failed 0; verified 5");
    expect(first.stdout + first.stderr).not.toContain("hunter2");

    const again = await runAgenix(["sessions", "migrate", "--to", secretUrl], { env, cwd: home.workDir });
    expect(again.stdout).toContain("Copied 0, already there 5, conflicts 0, failed 0; verified 5");

    const back = path.join(root.base, "back");
    const reverse = await runAgenix(["sessions", "migrate", "--from", db.url, "--to", `files:${back}`], {
      env,
      cwd: home.workDir,
    });
    expect(reverse.code, reverse.stderr).toBe(0);
    const copies = new SessionManager({ dir: back });
    for (const { id, file } of made) {
      const original = readFileSync(file, "utf8");
      const copy = readFileSync(
        await copies.sessionPath(id, { workingDir: JSON.parse(original).working_dir }),
        "utf8",
      );
      expect(copy).toBe(original);
    }
  });

  it("names a store it cannot use without its credentials, and exits non-zero", async () => {
    const run = await runAgenix(
      ["sessions", "migrate", "--to", "postgres://bob:hunter2@127.0.0.1:1/nowhere"],
      {
        env: { ...home.env, AGENIX_SESSION_DIR: root.root, AGENIX_PG_CONNECT_TIMEOUT_MS: "2000" },
        cwd: home.workDir,
      },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("127.0.0.1:1/nowhere");
    expect(run.stderr + run.stdout).not.toContain("hunter2");
  });
});

describe("an unreachable PostgreSQL store", () => {
  it("stops print mode before any model call, naming host and database only, with nothing written", async () => {
    const home = await makeTempHome();
    try {
      const run = await runAgenix(["hello"], {
        cwd: home.workDir,
        env: {
          ...home.env,
          OPENAI_API_KEY: "sk-test",
          OPENAI_BASE_URL: "http://127.0.0.1:1/v1",
          AGENIX_SESSION_STORE: "postgres://bob:hunter2@127.0.0.1:1/teamdb",
        },
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("Cannot use the PostgreSQL session store at 127.0.0.1:1/teamdb");
      expect(run.stderr).not.toContain("hunter2");
      expect(run.stderr).not.toContain("bob");
    } finally {
      await home.cleanup();
    }
  });
});

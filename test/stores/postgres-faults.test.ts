// PostgreSQL under load and faults, sized for 2 cores: concurrent SDK sessions in several
// processes, writers killed at random instants, and the server restarted mid-run.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message } from "../../src/messages/types.js";
import { PostgresSessionManager } from "../../src/sessions/postgres/manager.js";
import { makeTempRoot } from "../sessions/helpers.js";
import { type LlmServer, startLlmServer } from "../support/llm-server.js";
import { freshDatabase } from "../support/postgres.js";
import { prng } from "../support/prng.js";
import { waitUntil } from "../support/wait-until.js";

const here = path.dirname(new URL(import.meta.url).pathname);
const SEED = Number(process.env.AGENIX_FAULT_SEED ?? Date.now() % 100_000);
const KILLS = Number(process.env.AGENIX_PG_KILLS ?? 50);

function tsx(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", path.join(here, script), ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function collect(child: ChildProcess): { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  child.stdout?.setEncoding("utf8").on("data", (d) => {
    out += d;
  });
  child.stderr?.setEncoding("utf8").on("data", (d) => {
    err += d;
  });
  return { out: () => out, err: () => err };
}

/** Lines "saved <id> <n>": the highest acknowledged n per session. */
function acknowledged(out: string): Map<string, number> {
  const acks = new Map<string, number>();
  for (const m of out.matchAll(/^saved (\S+) (\d+)$/gm))
    acks.set(m[1], Math.max(acks.get(m[1]) ?? -1, Number(m[2])));
  return acks;
}

async function checkSession(manager: PostgresSessionManager, id: string, acked: number): Promise<void> {
  const data = await manager.loadSession(id);
  const numbers = data.messages.map((m) =>
    Number(/^message (\d+)/.exec((m as { content: string }).content)?.[1]),
  );
  expect(numbers.length).toBeGreaterThanOrEqual(acked + 1);
  // Nothing lost, duplicated or reordered: exactly 0..k.
  expect(numbers).toEqual(numbers.map((_, i) => i));
}

describe("PostgreSQL store under load and faults", () => {
  let db: { url: string; drop: () => Promise<void> };
  const temp = makeTempRoot();
  beforeAll(async () => {
    db = await freshDatabase();
    mkdirSync(temp.workDir, { recursive: true });
    process.stderr.write(`postgres-faults seed: ${SEED} (AGENIX_FAULT_SEED=${SEED} replays it)\n`);
  });
  afterAll(async () => {
    await db.drop();
    await temp.cleanup();
  });

  it("50 SDK sessions x 20 turns in 4 processes: every session equals what its process sent", async () => {
    const server: LlmServer = await startLlmServer();
    try {
      const sessions = [13, 13, 12, 12];
      const turns = 20;
      server.push(...Array.from({ length: 50 * turns }, (_, i) => ({ text: `answer ${i}` })));
      const children = sessions.map((n, p) =>
        tsx("load-worker.ts", [`p${p}`, String(n), String(turns), server.openaiBaseUrl, temp.workDir], {
          AGENIX_SESSION_STORE: db.url,
        }),
      );
      const outputs = children.map(collect);
      const codes = await Promise.all(children.map((c) => once(c, "close")));
      for (const [i, [code]] of codes.entries()) expect(code, outputs[i].err()).toBe(0);
      const manager = new PostgresSessionManager({ connectionString: db.url });
      try {
        const all = Object.assign({}, ...outputs.map((o) => JSON.parse(o.out()))) as Record<
          string,
          Message[]
        >;
        expect(Object.keys(all)).toHaveLength(50);
        for (const [id, messages] of Object.entries(all)) {
          const stored = await manager.loadSession(id);
          expect(stored.messages).toEqual(messages);
          expect(stored.messages).toHaveLength(turns * 2);
        }
        expect((await manager.listSessions({ all: true })).length).toBe(50);
      } finally {
        await manager.close();
      }
      expect(server.rejections).toEqual([]);
    } finally {
      await server.close();
    }
  }, 240_000);

  it(`kill -9 of writers at random instants (${KILLS}): every session loads, nothing acknowledged is lost`, async () => {
    const random = prng(SEED);
    const manager = new PostgresSessionManager({ connectionString: db.url });
    let checked = 0;
    try {
      for (let batch = 0; batch < KILLS; batch += 5) {
        const runs = Array.from({ length: Math.min(5, KILLS - batch) }, () => {
          const child = tsx("kill-worker.ts", [temp.workDir], { AGENIX_SESSION_STORE: db.url });
          const out = collect(child);
          const after = 1 + Math.floor(random() * 30);
          const killed = new Promise<void>((resolve) => {
            child.stdout?.on("data", () => {
              const acks = [...acknowledged(out.out()).values()][0] ?? -1;
              if (acks + 1 >= after && child.exitCode === null) {
                child.kill("SIGKILL");
                resolve();
              }
            });
          });
          return { child, out, killed };
        });
        await Promise.all(runs.map((r) => r.killed));
        await Promise.all(
          runs.map((r) =>
            r.child.exitCode === null && r.child.signalCode === null ? once(r.child, "close") : null,
          ),
        );
        for (const run of runs) {
          for (const [id, acked] of acknowledged(run.out.out())) {
            await checkSession(manager, id, acked);
            checked++;
          }
        }
      }
    } finally {
      await manager.close();
    }
    expect(checked).toBe(KILLS);
  }, 300_000);

  it("a server restart mid-run: the writer waits, goes on, and nothing is corrupted", async () => {
    const script = path.resolve(here, "../../scripts/pg-test-cluster.sh");
    const vars = Object.fromEntries(
      [
        ...execFileSync("bash", [script, "start"], { encoding: "utf8" }).matchAll(/^export (\w+)=(.*)$/gm),
      ].map((m) => [m[1], m[2]]),
    );
    const bindir = vars.AGENIX_TEST_PG_BINDIR;
    const dataDir = `${vars.AGENIX_TEST_PG_DIR}/data`;
    // stdio ignored and a log file given: the restarted server must not inherit a pipe of ours.
    // Asynchronous, so the writer's output keeps draining (a full pipe would pause it through the
    // restart, and it might then never meet the server down).
    const asPg = (args: string[]) =>
      new Promise<void>((resolve, reject) => {
        const [file, ...rest] =
          process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--", ...args] : args;
        spawn(file!, rest, { stdio: "ignore" })
          .on("error", reject)
          .on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited ${code}`))));
      });
    try {
      // The writer goes on until told to stop, so the restart always happens under it (a fixed
      // count could finish before the server went down on a fast machine, and see no restart).
      const stopFile = path.join(temp.workDir, "stop-writing");
      const child = tsx("kill-worker.ts", [temp.workDir], {
        AGENIX_SESSION_STORE: vars.AGENIX_TEST_PG_URL,
        AGENIX_TEST_STOP_FILE: stopFile,
      });
      const out = collect(child);
      const acks = () => acknowledged(out.out()).values().next().value ?? -1;
      await waitUntil(() => acks() >= 50, "the writer has saved 50 messages", 60_000);
      await asPg([
        `${bindir}/pg_ctl`,
        "-D",
        dataDir,
        "-l",
        `${vars.AGENIX_TEST_PG_DIR}/server.log`,
        "-m",
        "fast",
        "-w",
        "restart",
      ]);
      const atRestart = acks();
      await waitUntil(() => acks() >= atRestart + 50, "the writer saved 50 more after the restart", 60_000);
      writeFileSync(stopFile, "");
      const [code] = await once(child, "close");
      expect(code, out.err()).toBe(0);
      expect(out.err()).toMatch(/lost the PostgreSQL session store .*retrying/);
      expect(out.err()).toMatch(/is back/);
      const manager = new PostgresSessionManager({ connectionString: vars.AGENIX_TEST_PG_URL });
      try {
        const [[id, acked]] = [...acknowledged(out.out())];
        // Every save was acknowledged (none failed), one line per message, in order.
        expect(out.out()).not.toMatch(/^failed /m);
        expect(out.out().trim().split("\n")).toHaveLength(acked + 1);
        await checkSession(manager, id, acked);
      } finally {
        await manager.close();
      }
    } finally {
      execFileSync("bash", [script, "stop", vars.AGENIX_TEST_PG_DIR]);
    }
  }, 120_000);
});

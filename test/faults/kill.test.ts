// Kill at any instant: real agent runs of the built binary (streaming replies with bash tool calls)
// SIGKILLed at random points. After every kill the session loads through SessionManager, every
// message seen complete in the file before the kill is still there, and the next run (a
// continuation, itself killed at a random point) sends a history the strict scripted server accepts.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionSchema } from "../../src/messages/schema.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { openaiEnv, startAgenix } from "../e2e/helpers.js";
import { makeTempHome, type TempHome } from "../support/cli.js";
import { type LlmServer, type ScriptedReply, startLlmServer } from "../support/llm-server.js";
import {
  completeMessages,
  envCount,
  faultSeed,
  pool,
  prng,
  randInt,
  readText,
  requestAfter,
  sessionFilesUnder,
  withDeadline,
} from "./helpers.js";

const KILLS = envCount("AGENIX_FAULT_KILLS", 200);
const WORKERS = Math.max(1, envCount("AGENIX_FAULT_WORKERS", 4));
const CHAIN = Math.max(1, envCount("AGENIX_FAULT_CHAIN", 8));
const seed = faultSeed();

const stats = {
  kills: 0,
  exitedBeforeKill: 0,
  noFileYet: 0,
  lastOnDisk: {} as Record<string, number>,
  tornAtKill: 0,
  finalRuns: 0,
};

// A turn's worth of replies: text streamed in small delayed chunks, bash tools that take a moment
// and print a lot, so kills land mid-stream, mid-tool and mid-save.
function replies(rng: () => number): ScriptedReply[] {
  const chunkDelayMs = 2 + randInt(rng, 6);
  const words = 'ünïcødé 🚀 "quoted" line\nnext'.split(" ");
  const text = Array.from({ length: 8 + randInt(rng, 16) }, (_, i) => words[i % words.length]).join(" ");
  const commands = [
    `seq 1 ${500 + randInt(rng, 4000)}`,
    "printf 'a\\tb\\n\"q\"\\n'; sleep 0.0$((RANDOM % 9))",
    "for i in 1 2 3; do echo step $i; sleep 0.02; done",
  ];
  const pick = () => ({ name: "bash", arguments: { command: commands[randInt(rng, commands.length)] } });
  return [
    { text, toolCalls: [pick()], chunkDelayMs },
    { text: "", toolCalls: [pick(), pick()], chunkDelayMs },
    { text: `${text} done.`, chunkDelayMs },
  ];
}

function describeLast(messages: { role: string; tool_calls?: unknown[] }[]): string {
  const last = messages.at(-1);
  if (!last) return "none";
  if (last.role === "assistant") return last.tool_calls?.length ? "assistant+tool_calls" : "assistant";
  return last.role;
}

async function killChain(chain: number, kills: number): Promise<void> {
  const rng = prng(seed + chain * 7919);
  const home: TempHome = await makeTempHome();
  const server: LlmServer = await startLlmServer();
  const env = openaiEnv(home, server);
  const manager = new SessionManager({ dir: home.sessionDir });
  let id: string | undefined;
  let loadedCount = 0;
  const where = (k: number) => `seed ${seed}, chain ${chain}, kill ${k}`;
  try {
    for (let k = 0; k < kills; k++) {
      server.push(...replies(rng));
      const before = server.requests.length;
      const run = startAgenix(id ? ["--session", id, "continue"] : ["start the task"], {
        cwd: home.workDir,
        env,
      });
      const exited = run.exit.then(() => "exit" as const);
      // A quarter of the kills count from the spawn (startup, load, lock, first save); the rest from
      // a model request, so most land mid-stream, mid-tool or mid-save.
      // Most wait for the 1st, 2nd or 3rd model request of this run first.
      if (rng() < 0.75) {
        const nth = before + randInt(rng, 3);
        await withDeadline(Promise.race([requestAfter(server, nth), exited]), 30_000, where(k));
      }
      const delay = randInt(rng, 400);
      const fired = await Promise.race([
        new Promise<"kill">((resolve) => setTimeout(() => resolve("kill"), delay)),
        exited,
      ]);
      const files = sessionFilesUnder(home.sessionDir);
      const seen = files.length === 1 ? completeMessages(readText(files[0] as string)) : [];
      if (fired === "kill") run.child.kill("SIGKILL");
      else stats.exitedBeforeKill++;
      await withDeadline(run.exit, 30_000, `exit after kill (${where(k)})`);
      stats.kills++;

      const after = sessionFilesUnder(home.sessionDir);
      expect(after.length, where(k)).toBeLessThanOrEqual(1);
      if (after.length === 0) {
        expect(id, `${where(k)}: the session file disappeared`).toBeUndefined();
        stats.noFileYet++;
        continue;
      }
      const file = after[0] as string;
      try {
        JSON.parse(readText(file));
      } catch {
        stats.tornAtKill++;
      }
      id = path.basename(file, ".json");
      const loaded = await manager.loadSession(id, { workingDir: home.workDir });
      expect(SessionSchema.safeParse(loaded).success, where(k)).toBe(true);
      // Every message that was complete in the file before the kill is still there, in order.
      expect(loaded.messages.slice(0, seen.length), where(k)).toEqual(seen);
      expect(loaded.messages.length, where(k)).toBeGreaterThanOrEqual(loadedCount);
      loadedCount = loaded.messages.length;
      const last = describeLast(completeMessages(readText(file)));
      stats.lastOnDisk[last] = (stats.lastOnDisk[last] ?? 0) + 1;
      expect(server.rejections, `${where(k)}: the continuation sent an invalid history`).toEqual([]);
    }
    if (!id) return;
    // A last, unkilled continuation: its request carries the whole repaired history.
    server.push({ text: "all good" });
    const before = server.requests.length;
    const final = startAgenix(["--session", id, "continue"], { cwd: home.workDir, env });
    const { code } = await withDeadline(final.exit, 60_000, `final run (${where(kills)})`);
    expect(code, `${where(kills)}: ${final.stderr()}`).toBe(0);
    expect(server.rejections).toEqual([]);
    const sent = server.requests.slice(before).at(-1)?.body.messages ?? [];
    expect(sent.filter((m: { role: string }) => m.role !== "system").length).toBeGreaterThan(loadedCount);
    stats.finalRuns++;
  } finally {
    await server.close();
    await home.cleanup();
  }
}

describe("SIGKILL at random instants", () => {
  beforeAll(() => {
    console.log(`[faults/kill] seed=${seed} kills=${KILLS} workers=${WORKERS} chain=${CHAIN}`);
  });
  afterAll(() => {
    console.log(`[faults/kill] ran ${JSON.stringify(stats)} (replay: AGENIX_FAULT_SEED=${seed})`);
  });

  it(`keeps every saved message and a valid history across ${KILLS} kills`, async () => {
    const chains = Math.ceil(KILLS / CHAIN);
    const jobs = Array.from(
      { length: chains },
      (_, c) => () => killChain(c, Math.min(CHAIN, KILLS - c * CHAIN)),
    );
    await pool(WORKERS, jobs);
    expect(stats.kills).toBe(KILLS);
  }, 900_000);
});

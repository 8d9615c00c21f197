// Corrupt files: valid session files written by agenix, mutated (truncated, bit-flipped, bytes
// deleted or inserted, spliced). The loader returns a valid session or throws SessionLoadError
// ("Failed to load session: ..."), nothing else; repair salvages every complete message of a
// truncated file and keeps the original as a backup. A few cases go through the real binary.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SessionLoadError } from "../../src/errors.js";
import { INTERRUPTED_TOOL_RESULT } from "../../src/messages/repair-tool-calls.js";
import { SessionSchema } from "../../src/messages/schema.js";
import type { Message } from "../../src/messages/types.js";
import { SessionManager } from "../../src/sessions/manager.js";
import { makeTempHome, runAgenix, type TempHome } from "../support/cli.js";
import { envCount, faultSeed, messageEnds, prng, randInt } from "./helpers.js";

const CASES = envCount("AGENIX_FAULT_CORRUPT_CASES", 2000);
const REPAIRS = envCount("AGENIX_FAULT_REPAIR_CASES", 60);
const seed = faultSeed();

let home: TempHome;
let manager: SessionManager;
const originals: Buffer[] = [];
const counts = { loaded: 0, loadError: 0, repaired: 0, repairRefused: 0, cli: 0 };

function conversation(n: number, big: number): Message[] {
  const t = "2024-01-01T12:00:00Z";
  const out: Message[] = [];
  for (let i = 0; i < n; i++) {
    const id = `call_${i}_ü`;
    out.push({ role: "user", content: `question ${i}: ünïcødé 🚀 "quoted" \\ back\nslash`, timestamp: t });
    out.push({
      role: "assistant",
      content: [{ type: "text", text: `Let me check {${i}} ✓` }],
      tool_calls: [
        { id, name: "bash", arguments: { command: `ls -la "dir ${i}"`, nested: { a: [1, { b: "}" }] } } },
      ],
      model: "gpt-4o",
      usage: { prompt_tokens: 100 + i, completion_tokens: 50, total_tokens: 150 + i },
      timestamp: t,
    });
    out.push({
      role: "tool",
      tool_call_id: id,
      name: "bash",
      content: `${"x".repeat(big)}\n]}\n{"role":"user"}\n\u0000\u001b[31m`,
      is_error: i % 3 === 0,
      timestamp: t,
    });
    out.push({
      role: "assistant",
      content: [{ type: "text", text: `Done ${i}.` }],
      model: "gpt-4o",
      timestamp: t,
    });
  }
  return out;
}

beforeAll(async () => {
  home = await makeTempHome();
  manager = new SessionManager({ dir: home.sessionDir });
  // Written by agenix's own SessionManager: created, then grown by appends, then a rewrite.
  for (const [n, big] of [
    [1, 10],
    [3, 300],
    [6, 20_000],
  ] as const) {
    const data = await manager.createSessionData({
      workingDir: home.workDir,
      model: "gpt-4o",
      metadata: { name: "fuzz ✓", tags: ["a"] },
    });
    for (const message of conversation(n, big)) {
      data.messages.push(message);
      await manager.saveSession(data);
    }
    originals.push(readFileSync(await manager.sessionPath(data.id, { workingDir: home.workDir })));
  }
  console.log(
    `[faults/corrupt] seed=${seed} cases=${CASES} repairs=${REPAIRS} sizes=${originals.map((b) => b.length)}`,
  );
});

afterAll(async () => {
  console.log(`[faults/corrupt] ran ${JSON.stringify(counts)} (replay: AGENIX_FAULT_SEED=${seed})`);
  await home?.cleanup();
});

type Mutation = (bytes: Buffer, rng: () => number, other: Buffer) => Buffer;

const mutations: Record<string, Mutation> = {
  truncate: (b, rng) => b.subarray(0, randInt(rng, b.length)),
  bitflip: (b, rng) => {
    const out = Buffer.from(b);
    for (let i = 1 + randInt(rng, 4); i > 0; i--) out[randInt(rng, out.length)] ^= 1 << randInt(rng, 8);
    return out;
  },
  delete: (b, rng) => {
    const at = randInt(rng, b.length);
    return Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + randInt(rng, 64))]);
  },
  insert: (b, rng) => {
    const at = randInt(rng, b.length);
    const junk = Buffer.from(Array.from({ length: 1 + randInt(rng, 16) }, () => randInt(rng, 256)));
    return Buffer.concat([b.subarray(0, at), junk, b.subarray(at)]);
  },
  splice: (b, rng, other) => {
    const at = randInt(rng, b.length);
    const from = randInt(rng, other.length);
    return Buffer.concat([
      b.subarray(0, at),
      other.subarray(from, from + randInt(rng, 2000)),
      b.subarray(at + randInt(rng, 2000)),
    ]);
  },
};

function folder(): string {
  const dir = manager.folderFor(home.workDir);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** loadSession must return a valid session or throw SessionLoadError; anything else fails the test. */
async function checkLoad(id: string, label: string): Promise<"loaded" | "error"> {
  try {
    const data = await manager.loadSession(id, { workingDir: home.workDir });
    const parsed = SessionSchema.safeParse(data);
    expect(parsed.success, `${label}: loaded an invalid session`).toBe(true);
    return "loaded";
  } catch (error) {
    expect(error, `${label}: threw ${String(error)}`).toBeInstanceOf(SessionLoadError);
    expect((error as Error).message, label).toMatch(/^Failed to load session: /);
    return "error";
  }
}

describe("corrupt session files", () => {
  it(`the loader returns a valid session or "Failed to load session" for ${CASES} mutated files`, async () => {
    const rng = prng(seed);
    const names = Object.keys(mutations);
    const file = path.join(folder(), "fuzz.json");
    for (let i = 0; i < CASES; i++) {
      const name = names[i % names.length] as string;
      const source = originals[randInt(rng, originals.length)] as Buffer;
      const other = originals[randInt(rng, originals.length)] as Buffer;
      writeFileSync(file, mutations[name]?.(source, rng, other) as Buffer);
      const outcome = await checkLoad("fuzz", `seed ${seed} case ${i} (${name})`);
      counts[outcome === "loaded" ? "loaded" : "loadError"]++;
    }
  }, 300_000);

  it(`repair salvages every complete message of ${REPAIRS} truncated files and keeps a backup`, async () => {
    const rng = prng(seed ^ 0x5eed);
    const dir = folder();
    for (let i = 0; i < REPAIRS; i++) {
      const original = originals[i % originals.length] as Buffer;
      const ends = messageEnds(original);
      const full = JSON.parse(original.toString("utf8")).messages as Message[];
      expect(ends.length).toBe(full.length);
      const cut = randInt(rng, original.length);
      const torn = original.subarray(0, cut);
      const id = `torn_${i}`;
      const file = path.join(dir, `${id}.json`);
      writeFileSync(file, torn);
      const label = `seed ${seed} repair ${i} (cut ${cut} of ${original.length})`;
      const complete = full.slice(0, ends.filter((end) => end <= cut).length);
      const headerWhole = original.indexOf('"messages": [') + '"messages": ['.length <= cut;
      const kept = (messages: Message[]) =>
        messages.filter((m) => !(m.role === "tool" && m.content === INTERRUPTED_TOOL_RESULT));

      const before = new Set(readdirSync(dir));
      let result: Awaited<ReturnType<SessionManager["repairSession"]>>;
      try {
        result = await manager.repairSession(id, { workingDir: home.workDir });
      } catch (error) {
        // Only a file cut inside its header (before any message could exist) may be beyond repair.
        expect(headerWhole, `${label}: ${String(error)}`).toBe(false);
        expect(error).toBeInstanceOf(SessionLoadError);
        counts.repairRefused++;
        continue;
      }
      const repaired = JSON.parse(readFileSync(file, "utf8"));
      expect(SessionSchema.safeParse(repaired).success, label).toBe(true);
      expect(kept(repaired.messages), label).toEqual(complete);
      // The loader (automatic torn-tail repair) keeps the same messages.
      expect(kept((await manager.loadSession(id, { workingDir: home.workDir })).messages), label).toEqual(
        complete,
      );
      if (result.changed) {
        const backups = readdirSync(dir).filter((f) => !before.has(f) && f.startsWith(`${id}.json.bak`));
        expect(backups, label).toHaveLength(1);
        expect(readFileSync(path.join(dir, backups[0] as string)), label).toEqual(torn);
      }
      counts.repaired++;
    }
  }, 300_000);

  it("the CLI prints the spec's error for broken files and repairs a truncated one", async () => {
    const dir = folder();
    const env = home.env;
    const original = originals[1] as Buffer;
    // Damage in the middle (not a clean cut): show and stats fail with the spec's message.
    const broken = Buffer.from(original);
    broken[Math.floor(broken.length / 2)] = 0x7b; // "{"
    writeFileSync(path.join(dir, "broken_mid.json"), broken);
    writeFileSync(path.join(dir, "not_json.json"), "\u0000\u0001garbage");
    writeFileSync(
      path.join(dir, "bad_role.json"),
      original.toString("utf8").replace('"role": "user"', '"role": "admin"'),
    );
    for (const id of ["broken_mid", "not_json", "bad_role"]) {
      for (const command of ["show", "stats"]) {
        const run = await runAgenix(["sessions", command, id], { cwd: home.workDir, env });
        expect(run.code, `${command} ${id}: ${run.stderr}`).toBe(1);
        expect(run.stderr, `${command} ${id}`).toMatch(/^Error: Failed to load session: .+: .+/);
        counts.cli++;
      }
    }
    const badRole = await runAgenix(["sessions", "show", "bad_role"], { cwd: home.workDir, env });
    expect(badRole.stderr).toMatch(/messages\[0\]\.role/);

    // A truncated file: repair through the binary keeps every complete message and a backup.
    const ends = messageEnds(original);
    const cut = (ends[5] as number) + 17;
    writeFileSync(path.join(dir, "cut.json"), original.subarray(0, cut));
    const repair = await runAgenix(["sessions", "repair", "cut"], { cwd: home.workDir, env });
    expect(repair.code, repair.stderr).toBe(0);
    expect(repair.stdout).toMatch(/kept \d+ messages/);
    const fixed = JSON.parse(readFileSync(path.join(dir, "cut.json"), "utf8"));
    const full = JSON.parse(original.toString("utf8")).messages;
    expect(fixed.messages.slice(0, 6)).toEqual(full.slice(0, 6));
    const backup = readdirSync(dir).find((f) => f.startsWith("cut.json.bak"));
    expect(backup && existsSync(path.join(dir, backup))).toBe(true);
    expect(readFileSync(path.join(dir, backup as string))).toEqual(original.subarray(0, cut));
    const show = await runAgenix(["sessions", "show", "cut"], { cwd: home.workDir, env });
    expect(show.code, show.stderr).toBe(0);
    counts.cli += 2;
  }, 120_000);
});
